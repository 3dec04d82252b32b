/**
 * The seeds a seeded walk runs. The ordinary suite walks every seed. A mutation run
 * (`scripts/mutation.mjs` sets WEFT_MUTATION_RUN) walks the first only: every mutant these walks
 * cover runs them all when it survives, and the other seeds take a survivor 5-10 s more without
 * reaching code the first does not (ADR 24).
 */
export function walkSeeds(seeds: readonly number[]): readonly number[] {
  return process.env.WEFT_MUTATION_RUN === undefined ? seeds : seeds.slice(0, 1);
}

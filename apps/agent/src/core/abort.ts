/**
 * Whether `signal` has aborted, read afresh. (TypeScript keeps `signal.aborted` narrowed across an
 * `await` inside `while (!signal.aborted)`, although another task may have aborted it meanwhile.)
 */
export function aborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/**
 * `weft db migrate`: brings the database's schema up to this build's, as `weft serve` does at
 * start, and says which migrations ran. The database is DATABASE_URL, else the embedded
 * PostgreSQL in WEFT_DATA (started for the migration, stopped after). Replicas may be running:
 * the migration lock keeps two runners from racing.
 */
import type { CommandModule } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, type CliContext } from '../context.js';
import { serviceConfig } from '../service-config.js';

export const dbCommand: CommandModule = {
  register(program, context, run) {
    const db = program.command('db').description('the service database: `weft db migrate`');
    db.command('migrate')
      .description('apply the pending schema migrations to DATABASE_URL (or the embedded PostgreSQL in WEFT_DATA)')
      .option('--json', 'machine-readable output')
      .action((options: { json?: boolean }) => run(() => migrate(context, options.json === true)));
  },
};

async function migrate({ io, env }: CliContext, json: boolean): Promise<number> {
  const config = await serviceConfig(env);
  const { migrateDatabase } = await import('../../api/src/database/migrate-command.js');
  try {
    const { applied, database, current } = await migrateDatabase(config);
    if (json) io.out(`${JSON.stringify({ database, applied, current })}\n`);
    else if (applied.length === 0) io.out(`the schema of ${database} is current; no migration to run\n`);
    else io.out(`${applied.map((name) => `applied ${name}`).join('\n')}\nthe schema of ${database} is current\n`);
    return EXIT_OK;
  } catch (e) {
    io.err(`weft db migrate: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  }
}

import type { Command } from 'commander';
import { ingestRunLog, openStore } from '@kroma/db';
import { backendDbPath } from '../context.js';
import type { TCommandDeps } from '../deps.js';
import { printJson, printLine } from '../output.js';

interface TIngestFlags {
  json?: boolean;
  hashes?: boolean;
}

/** `kroma ingest <run log>`: write a run log's runs, jobs, candidates, assets, QA and costs into the database. */
export function registerIngest(program: Command, deps: TCommandDeps): void {
  program
    .command('ingest')
    .description('ingest a run log into the database (KROMA_BACKEND_DB, default var/backend/app.db); idempotent')
    .argument('<run-log>', 'run log file (relative → app root)')
    .option('--no-hashes', 'skip the SHA-256 of each output file')
    .option('--json', 'print the result as one JSON object')
    .action(async (runLogPath: string, flags: TIngestFlags) => {
      const cli = deps.environment();
      const store = await openStore({ path: backendDbPath(cli), appRoot: cli.appRoot });
      try {
        const result = await ingestRunLog(store, { runLogPath, createProjectIfMissing: true, computeHashes: flags.hashes !== false });
        if (flags.json === true) {
          printJson(deps.io, result);
          return;
        }
        printLine(
          deps.io,
          `Ingested ${result.run_log_path} into run ${result.run_id} (${result.status}): ${result.jobs} jobs, ` +
            `${result.candidates} candidates, ${result.assets_upserted} assets, ${result.quality_reports_written} quality reports, ` +
            `${result.cost_events_written} cost events`,
        );
      } finally {
        await store.close();
      }
    });
}

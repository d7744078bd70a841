import type { Command } from 'commander';
import type { TCommandDeps } from '../deps.js';
import { formatIngestLine, ingestLogFile, ingestServerOf, type TIngestTargetFlags } from '../ingest-target.js';
import { addIngestTargetOptions } from '../options.js';
import { printJson, printLine } from '../output.js';

interface TIngestFlags extends TIngestTargetFlags {
  json?: boolean;
  hashes?: boolean;
}

/** `kroma ingest <run log>`: write a run log's runs, jobs, candidates, assets, QA and costs into the database. */
export function registerIngest(program: Command, deps: TCommandDeps): void {
  const command = program
    .command('ingest')
    .description('ingest a run log into the database (KROMA_BACKEND_DB, default var/backend/app.db) or a running server; idempotent')
    .argument('<run-log>', 'run log file (relative → app root)')
    .option('--no-hashes', 'skip the SHA-256 of each output file')
    .option('--json', 'print the result as one JSON object');
  addIngestTargetOptions(command).action(async (runLogPath: string, flags: TIngestFlags) => {
    const cli = deps.environment();
    const result = await ingestLogFile(cli, runLogPath, ingestServerOf(cli, flags), flags.hashes !== false);
    if (flags.json === true) printJson(deps.io, result);
    else printLine(deps.io, formatIngestLine(result));
  });
}

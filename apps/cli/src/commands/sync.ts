import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { KromaError, type TS3SyncResult } from '@kroma/contract';
import { syncProjectToS3, type TS3ProjectSyncOptions } from '@kroma/adapters';
import { loadS3SyncTarget, openStore, type TS3SyncTarget } from '@kroma/db';
import { backendDbPath, projectSlug, type TCliEnvironment } from '../context.js';
import type { TCommandDeps } from '../deps.js';
import { printJson, printLine, UsageError, type TCliIo } from '../output.js';

interface TSyncFlags {
  project?: string;
  dryRun?: boolean;
  delete?: boolean;
  allowMissingLocal?: boolean;
  json?: boolean;
}

/** The project's S3 settings and `aws` secrets from the database; it is never created by a lookup. */
async function loadTarget(cli: TCliEnvironment, slug: string): Promise<TS3SyncTarget> {
  const dbPath = backendDbPath(cli);
  const missing = new UsageError(`cannot find project "${slug}" in the database ${dbPath}: create the project first`);
  if (!existsSync(dbPath)) throw missing;
  const store = await openStore({ path: dbPath, appRoot: cli.appRoot });
  try {
    return await loadS3SyncTarget(store, slug);
  } catch (error) {
    if (error instanceof KromaError && error.kind === 'not_found') throw missing;
    throw error;
  } finally {
    await store.close();
  }
}

/** A bar over the files on a TTY; nothing otherwise (the summary follows). */
function progressBar(io: TCliIo): { onProgress?: TS3ProjectSyncOptions['onProgress']; stop: () => void } {
  if (!io.isTty) return { stop: () => undefined };
  const bar = new SingleBar({
    format: 'S3 sync [{bar}] {value}/{total} files | {file}',
    hideCursor: true,
    clearOnComplete: true,
    stream: process.stderr,
  });
  let started = false;
  return {
    onProgress: (done, total, file) => {
      if (!started) {
        bar.start(total, done, { file });
        started = true;
      } else bar.update(done, { file });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function printSummary(io: TCliIo, result: TS3SyncResult): void {
  if (result.skipped) {
    printLine(io, `Skipped: the project folder ${result.project_root} does not exist (destination ${result.destination})`);
    return;
  }
  const verb = result.dry_run ? 'would upload' : 'upload';
  for (const path of result.uploaded) printLine(io, `${verb} ${path}`);
  for (const path of result.deleted) printLine(io, `${result.dry_run ? 'would delete' : 'delete'} ${path}`);
  const counts =
    `${result.uploaded.length} file(s) ${result.dry_run ? 'to upload' : 'uploaded'} (${result.bytes_uploaded} bytes), ` +
    `${result.unchanged} unchanged` +
    (result.delete ? `, ${result.deleted.length} ${result.dry_run ? 'to delete' : 'deleted'}` : '');
  printLine(io, `${result.dry_run ? 'Dry run' : 'Synced'} ${result.project_root} → ${result.destination}: ${counts}`);
}

/** `kroma sync`: mirror the project folder to its S3 destination (the code the API route and the worker use). */
export function registerSync(program: Command, deps: TCommandDeps): void {
  program
    .command('sync')
    .description("mirror the project folder to its S3 destination (project storage settings; credentials from the project's aws secrets or AWS_*)")
    .option('--project <slug>', 'project (default KROMA_PROJECT)')
    .option('--dry-run', 'list what would be uploaded (and deleted), change nothing')
    .option('--delete', 'also delete remote objects that no longer exist locally')
    .option('--allow-missing-local', 'skip instead of failing when the project folder does not exist')
    .option('--json', 'print the result as one JSON object')
    .action(async (flags: TSyncFlags) => {
      const cli = deps.environment();
      const target = await loadTarget(cli, projectSlug(cli, flags.project));
      const bar = progressBar(deps.io);
      let result: TS3SyncResult;
      try {
        result = await syncProjectToS3(target, {
          dryRun: flags.dryRun === true,
          deleteRemoved: flags.delete === true,
          allowMissingLocal: flags.allowMissingLocal === true,
          signal: deps.stopSignal,
          onProgress: bar.onProgress,
        });
      } finally {
        bar.stop();
      }
      if (flags.json === true) printJson(deps.io, result);
      else printSummary(deps.io, result);
    });
}

import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { exportProject, type TExportProgress } from '@kroma/bootstrap';
import { projectSlug } from '../context.js';
import type { TCommandDeps } from '../deps.js';
import { printJson, printLine, type TCliIo } from '../output.js';
import { withBackendStore } from './portability-store.js';

interface TExportFlags {
  project?: string;
  output?: string;
  format?: string;
  files?: boolean;
  json?: boolean;
}

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A bar of files packaged on a TTY (rows come first, counted as the bar's start); nothing on a pipe. */
function progressBar(io: TCliIo): { update: (progress: TExportProgress) => void; stop: () => void } {
  if (!io.isTty) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: 'Export [{bar}] {value}/{total} files | {size} | {phase}',
    hideCursor: true,
    clearOnComplete: false,
    stream: process.stderr,
  });
  let started = false;
  return {
    update(progress) {
      const payload = { size: megabytes(progress.bytes_done), phase: progress.phase };
      if (!started) {
        bar.start(Math.max(progress.files_total, 1), progress.files_done, payload);
        started = true;
        return;
      }
      bar.setTotal(Math.max(progress.files_total, 1));
      bar.update(progress.files_done, payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** `kroma export`: the project as a package (tar.gz or folder) with a SHA-256 manifest, recorded like the API's. */
export function registerExport(program: Command, deps: TCommandDeps): void {
  program
    .command('export')
    .description('export a project (settings, rows, run logs, files, SHA-256 manifest) as a tar.gz or a folder')
    .option('--project <slug>', 'project (default KROMA_PROJECT)')
    .option('--output <path>', 'output (relative → app root; default var/exports/<slug>_<stamp>.tar.gz); .tar.gz/.tgz is an archive, anything else a folder')
    .option('--format <format>', 'tar.gz | folder (when --output is not given); zip is not supported')
    .option('--no-files', 'leave the project folder out (run logs and the selected finals still travel)')
    .option('--json', 'print the result as one JSON object')
    .action(async (flags: TExportFlags) => {
      const cli = deps.environment();
      const slug = projectSlug(cli, flags.project);
      const bar = progressBar(deps.io);
      const result = await withBackendStore(cli, { mustExist: true }, (store) =>
        exportProject(store, slug, {
          includeFiles: flags.files !== false,
          output: flags.output,
          format: flags.format,
          allowOutsideAppRoot: true,
          onProgress: bar.update,
        }),
      ).finally(bar.stop);
      if (flags.json === true) {
        printJson(deps.io, { ok: true, project_slug: result.project_slug, export_path: result.export_path, export_sha256: result.export_sha256, export_asset_id: result.export_asset_id, export: result.export });
        return;
      }
      const hash = result.export_sha256 === null ? '' : `, sha256 ${result.export_sha256}`;
      printLine(deps.io, `Exported ${result.project_slug} to ${result.export_path} (${result.export.format}, ${megabytes(result.export.file_size_bytes)}, ${result.manifest.copied_files} files${hash})`);
    });
}

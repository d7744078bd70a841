import { resolve } from 'node:path';
import type { Command } from 'commander';
import { importProject } from '@kroma/bootstrap';
import type { TCommandDeps } from '../deps.js';
import { printJson, printLine } from '../output.js';
import { withBackendStore } from './portability-store.js';

interface TImportFlags {
  project?: string;
  json?: boolean;
}

/** `kroma import <archive>`: restores an exported project into this database (created if missing) and app root. */
export function registerImport(program: Command, deps: TCommandDeps): void {
  program
    .command('import')
    .description('restore an exported project (tar.gz or folder) after checking every SHA-256 of its manifest')
    .argument('<archive>', 'the export (relative → app root)')
    .option('--project <slug>', 'import under this slug (needed when the archived one is taken)')
    .option('--json', 'print the result as one JSON object')
    .action(async (archive: string, flags: TImportFlags) => {
      const cli = deps.environment();
      const result = await withBackendStore(cli, { mustExist: false }, (store) =>
        importProject(store, resolve(cli.appRoot, archive), { slug: flags.project }),
      );
      if (flags.json === true) {
        printJson(deps.io, { ok: true, ...result });
        return;
      }
      const rows = result.copied_rows;
      const remapped = result.remapped_ids ? '; ids were taken here, so every id was replaced' : '';
      printLine(
        deps.io,
        `Imported ${result.project.slug} (${result.project.id}) into ${result.project_root}: ${rows.runs ?? 0} runs, ${rows.run_jobs ?? 0} jobs, ${rows.assets ?? 0} assets, ${result.copied_files} files${remapped}`,
      );
    });
}

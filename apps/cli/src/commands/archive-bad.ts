import type { Command } from 'commander';
import { archiveBad } from '@kroma/pipeline';
import { resolveProjectContext } from '../context.js';
import type { TCommandDeps } from '../deps.js';
import { addProjectOptions } from '../options.js';
import { printJson, printLine } from '../output.js';

interface TArchiveBadFlags {
  project?: string;
  projectRoot?: string;
  json?: boolean;
  input: string;
}

/** `kroma archive-bad`: move every image under `--input` into `<project root>/archive/bad` (sub-folders kept). */
export function registerArchiveBad(program: Command, deps: TCommandDeps): void {
  const command = program
    .command('archive-bad')
    .description('move every image under --input into <project root>/archive/bad')
    .requiredOption('--input <path>', 'image or folder to archive (relative → app root)');
  addProjectOptions(command).action(async (flags: TArchiveBadFlags) => {
    const cli = deps.environment();
    const project = await resolveProjectContext(cli, flags);
    const result = await archiveBad(flags.input, project.projectRoot, { displayRoot: cli.appRoot });
    if (flags.json === true) {
      printJson(deps.io, result);
      return;
    }
    for (const { from, to } of result.moved) printLine(deps.io, `${from} -> ${to}`);
    printLine(deps.io, `Archived ${result.moved_count} file(s) into ${result.archive_dir}`);
  });
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportBootstrapPrompt, importBootstrap } from '@kroma/bootstrap';
import { BOOTSTRAP_SECTIONS, type TBootstrapImportResult } from '@kroma/contract';
import { writeFileAtomic } from '@kroma/pipeline';
import { projectSlug } from '../context.js';
import type { TCommandDeps } from '../deps.js';
import { printJson, printLine } from '../output.js';
import { withBackendStore } from './portability-store.js';

interface TExportFlags {
  project?: string;
  output?: string;
  text?: boolean;
}

interface TImportFlags {
  project?: string;
  mode?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** `GET …/bootstrap-prompt`'s envelope saved as is: its `bootstrap` object is the export (the rest is `ok`). */
function unwrapEnvelope(text: string): string {
  try {
    const value = JSON.parse(text) as { bootstrap?: { settings?: unknown } };
    if (value?.bootstrap?.settings !== undefined) return JSON.stringify(value.bootstrap);
  } catch {
    // not bare JSON: fenced Markdown or prose around JSON, which the import itself reads
  }
  return text;
}

const describeChanges = (result: TBootstrapImportResult): string[] =>
  BOOTSTRAP_SECTIONS.filter((section) => result.changes[section].provided).map((section) => {
    const change = result.changes[section];
    return `  ${section}: ${change.created} created, ${change.updated} updated, ${change.deleted} deleted, ${change.unchanged} unchanged${change.replaced ? ' (replaced)' : ''}`;
  });

/** `kroma bootstrap export|import`: the bootstrap prompt exchange of api.md §4, on the database directly. */
export function registerBootstrap(program: Command, deps: TCommandDeps): void {
  const bootstrap = program.command('bootstrap').description("export a project's settings as an LLM prompt, import the answer");

  bootstrap
    .command('export')
    .description('print (or write) the bootstrap prompt JSON of a project: schema_version, settings, expected_response, prompt')
    .option('--project <slug>', 'project (default KROMA_PROJECT)')
    .option('--output <file>', 'write the JSON to this file instead (relative → app root)')
    .option('--text', 'print only the prompt text to hand to an LLM')
    .action(async (flags: TExportFlags) => {
      const cli = deps.environment();
      const slug = projectSlug(cli, flags.project);
      const exported = await withBackendStore(cli, { mustExist: true }, (store) => exportBootstrapPrompt(store, slug));
      const text = flags.text === true ? exported.prompt : `${JSON.stringify(exported, null, 2)}\n`;
      if (flags.output === undefined) {
        deps.io.stdout(text);
        return;
      }
      const path = resolve(cli.appRoot, flags.output);
      await writeFileAtomic(path, text);
      printLine(deps.io, `Bootstrap ${flags.text === true ? 'prompt' : 'export'} of ${slug} written to ${path}`);
    });

  bootstrap
    .command('import')
    .description("import an LLM's answer (JSON, fenced Markdown, a {mode, settings} wrapper, or a bootstrap export) into a project")
    .argument('<file>', 'the answer (relative → app root)')
    .option('--project <slug>', 'project (default KROMA_PROJECT)')
    .option('--mode <mode>', 'merge | replace (default: the answer\'s own mode, else merge)')
    .option('--dry-run', 'show the changes without writing anything')
    .option('--json', 'print the import result as one JSON object')
    .action(async (file: string, flags: TImportFlags) => {
      const cli = deps.environment();
      const slug = projectSlug(cli, flags.project);
      const text = unwrapEnvelope(await readFile(resolve(cli.appRoot, file), 'utf8'));
      const result = await withBackendStore(cli, { mustExist: true }, (store) =>
        importBootstrap(store, slug, { ai_response_text: text, mode: flags.mode, dry_run: flags.dryRun === true }),
      );
      if (flags.json === true) {
        printJson(deps.io, result);
        return;
      }
      const verb = result.dry_run ? 'Would import' : 'Imported';
      printLine(deps.io, `${verb} into ${result.project.slug} (${result.mode}${result.project_updated ? ', project updated' : ''}):`);
      for (const line of describeChanges(result)) printLine(deps.io, line);
    });
}

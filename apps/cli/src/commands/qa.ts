import type { Command } from 'commander';
import { SharpImageAnalyzer } from '@kroma/adapters';
import { buildOutputGuardReport, formatQaText, projectLayout, qaCommandResult, resolvePipelineSettings, type TSettingsOverrides } from '@kroma/pipeline';
import { resolveProjectContext, shownPath } from '../context.js';
import type { TCommandDeps } from '../deps.js';
import { addGuardOptions, addProjectOptions, addSettingsOptions } from '../options.js';
import { ExitCodeSignal, EXIT_FAILURE, printJson, printLine } from '../output.js';

interface TQaFlags extends TSettingsOverrides {
  project?: string;
  projectRoot?: string;
  json?: boolean;
  input?: string;
}

/**
 * `kroma qa`: the output guard alone (§1.2, §1.7). Text mode exits 1 when a file hard-fails; `--json` always
 * exits 0 (a script reads `ok` / `has_hard_failures`).
 */
export function registerQa(program: Command, deps: TCommandDeps): void {
  const command = program
    .command('qa')
    .description('run the output guard (QA) on a file or folder; text mode exits 1 on hard failures')
    .option('--input <path>', 'image or folder (relative → app root); default <project root>/outputs');
  for (const add of [addProjectOptions, addSettingsOptions, addGuardOptions]) add(command);
  command.action(async (flags: TQaFlags) => {
    const cli = deps.environment();
    const project = await resolveProjectContext(cli, flags);
    const settings = await resolvePipelineSettings({ appRoot: cli.appRoot, projectRoot: project.projectRoot }, flags);
    const input = flags.input ?? shownPath(projectLayout(project.projectRoot).outputs, cli.appRoot);
    const report = settings.outputGuardEnabled
      ? await buildOutputGuardReport({
          input,
          settings: settings.manifest.output_guard,
          analyzer: new SharpImageAnalyzer(),
          root: cli.appRoot,
        })
      : null;
    const result = qaCommandResult(report, settings.outputGuardEnabled);
    if (flags.json === true) {
      printJson(deps.io, result);
      return;
    }
    if (report === null) {
      printLine(deps.io, 'Output guard disabled: nothing checked');
      return;
    }
    printLine(deps.io, formatQaText(report));
    if (report.summary.hard_failures > 0) throw new ExitCodeSignal(EXIT_FAILURE);
  });
}

import type { Command } from 'commander';
import { validatePipelineConfig } from '@kroma/pipeline';
import { resolveProjectContext } from '../context.js';
import type { TCommandDeps } from '../deps.js';
import { ExitCodeSignal, EXIT_FAILURE, printJson } from '../output.js';
import { addSettingsOptions } from '../options.js';

interface TValidateConfigFlags {
  project?: string;
  projectRoot?: string;
  appSettings?: string;
  projectSettings?: string;
  manifest?: string;
  postprocessConfig?: string;
}

/** `kroma validate-config`: the server's validate-config route on the command line (§2.6). */
export function registerValidateConfig(program: Command, deps: TCommandDeps): void {
  const command = program
    .command('validate-config')
    .description('check the settings layers, manifest and post-process config; prints the summary JSON')
    .option('--project <slug>', "project slug, to find the project root in the database")
    .option('--project-root <dir>', 'project folder (relative → app root)');
  addSettingsOptions(command).action(async (flags: TValidateConfigFlags) => {
    const cli = deps.environment();
    const project = await resolveProjectContext(cli, flags);
    try {
      const summary = await validatePipelineConfig({
        appRoot: cli.appRoot,
        projectRoot: project.projectRoot,
        appSettingsPath: flags.appSettings,
        projectSettingsPath: flags.projectSettings,
        manifestPath: flags.manifest,
        postprocessConfigPath: flags.postprocessConfig,
      });
      printJson(deps.io, { ok: true, ...summary });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      printJson(deps.io, { ok: false, error: message });
      deps.io.stderr(`kroma: ${message}\n`);
      throw new ExitCodeSignal(EXIT_FAILURE);
    }
  });
}

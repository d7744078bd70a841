import type { Command } from 'commander';
import { SharpColorCorrector } from '@kroma/adapters';
import { colorImages, loadColorProfiles } from '@kroma/pipeline';
import type { TCommandDeps } from '../deps.js';
import { addProjectOptions, addSettingsOptions } from '../options.js';
import { printJson, printLine } from '../output.js';
import { resolvePassContext, type TPassFlags } from '../pass-context.js';

interface TColorFlags extends TPassFlags {
  profile?: string;
  colorSettings?: string;
}

/** `kroma color`: apply a colour profile to a file or a folder (PNG out, transparency kept). */
export function registerColor(program: Command, deps: TCommandDeps): void {
  const command = program
    .command('color')
    .description('colour-correct an image or a folder (default input <project root>/outputs, output <project root>/color_corrected)')
    .option('--input <path>', 'image or folder (relative → app root)')
    .option('--output <dir>', 'output folder (relative → app root)')
    .option('--profile <name>', 'colour profile (post-process config default: neutral)')
    .option('--color-settings <path>', 'colour settings JSON (relative → app root); default color.settings_file, else built in');
  for (const add of [addProjectOptions, addSettingsOptions]) add(command);
  command.action(async (flags: TColorFlags) => {
    const cli = deps.environment();
    const pass = await resolvePassContext(cli, flags, 'color_corrected');
    const config = flags.colorSettings === undefined ? pass.config : { ...pass.config, color: { ...pass.config.color, settings_file: flags.colorSettings } };
    const result = await colorImages({
      input: pass.input,
      output: pass.output,
      projectRoot: pass.project.projectRoot,
      appRoot: cli.appRoot,
      config,
      colorCorrector: new SharpColorCorrector(),
      colorProfiles: await loadColorProfiles(config.color.settings_file, pass.roots),
      ...(flags.profile !== undefined && { profile: flags.profile }),
    });
    if (flags.json === true) printJson(deps.io, result);
    else printLine(deps.io, `Colour-corrected ${result.input} -> ${result.output} (profile ${result.profile}, settings ${result.settings})`);
  });
}

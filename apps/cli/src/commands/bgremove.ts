import { InvalidArgumentError, Option, type Command } from 'commander';
import { createPostprocessTools } from '@kroma/adapters';
import { IMAGE_FORMATS, type TImageFormat } from '@kroma/contract';
import { DEFAULT_CALL_TIMEOUT_MS, refineSettings, removeBackgrounds } from '@kroma/pipeline';
import type { TCommandDeps } from '../deps.js';
import { addProjectOptions, addSettingsOptions, parseBgRemoveBackends, parseBool } from '../options.js';
import { printJson, printLine } from '../output.js';
import { resolvePassContext, type TPassFlags } from '../pass-context.js';

interface TBgRemoveFlags extends TPassFlags {
  bgRemoveFormat?: TImageFormat;
}

const formatChoice = (value: string): TImageFormat => {
  const format = value.trim().toLowerCase() === 'jpeg' ? 'jpg' : value.trim().toLowerCase();
  if (!(IMAGE_FORMATS as readonly string[]).includes(format)) throw new InvalidArgumentError('expected png, jpg, jpeg or webp.');
  return format as TImageFormat;
};

/** `kroma bgremove`: background removal with backend fallback, then the optional OpenAI edge refine. */
export function registerBgRemove(program: Command, deps: TCommandDeps): void {
  const command = program
    .command('bgremove')
    .description('remove backgrounds (default input <project root>/outputs, output <project root>/background_removed)')
    .option('--input <path>', 'image or folder (relative → app root)')
    .option('--output <dir>', 'output folder (relative → app root)')
    .addOption(new Option('--bg-remove-backends <csv>', 'rembg, photoroom, removebg in fallback order (config default rembg)').argParser(parseBgRemoveBackends))
    .addOption(new Option('--bg-remove-format <format>', 'png, jpg (jpeg) or webp (config default png)').argParser(formatChoice))
    .addOption(new Option('--bg-refine-openai [bool]', 'OpenAI edge refine (config default true)').argParser(parseBool))
    .addOption(new Option('--bg-refine-openai-required [bool]', 'fail when the refine fails (config default true)').argParser(parseBool));
  for (const add of [addProjectOptions, addSettingsOptions]) add(command);
  command.action(async (flags: TBgRemoveFlags) => {
    const cli = deps.environment();
    const pass = await resolvePassContext(cli, flags, 'background_removed');
    const adapters = createPostprocessTools(pass.config, cli.appRoot, cli.env);
    const result = await removeBackgrounds({
      input: pass.input,
      output: pass.output,
      projectRoot: pass.project.projectRoot,
      appRoot: cli.appRoot,
      config: pass.config,
      backgroundRemovers: adapters.backgroundRemovers,
      ...(adapters.refineEditor !== undefined && { refineEditor: adapters.refineEditor }),
      refine: refineSettings(pass.config, cli.env, DEFAULT_CALL_TIMEOUT_MS),
      ...(flags.bgRemoveBackends !== undefined && { backends: flags.bgRemoveBackends }),
      ...(flags.bgRemoveFormat !== undefined && { format: flags.bgRemoveFormat }),
      ...(flags.bgRefineOpenai !== undefined && { refineOpenai: flags.bgRefineOpenai }),
      ...(flags.bgRefineOpenaiRequired !== undefined && { refineOpenaiRequired: flags.bgRefineOpenaiRequired }),
    });
    if (flags.json === true) {
      printJson(deps.io, result);
      return;
    }
    for (const file of result.results) {
      const refine = file.refine_openai ? ', refined' : file.refine_error === null ? '' : `, refine failed: ${file.refine_error}`;
      printLine(deps.io, `${file.input} -> ${file.output} (${file.backend}${refine})`);
    }
    printLine(deps.io, `Removed backgrounds of ${result.processed} file(s) into ${result.output}`);
  });
}

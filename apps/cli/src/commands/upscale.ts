import { Option, type Command } from 'commander';
import { createPostprocessTools } from '@kroma/adapters';
import { IMAGE_FORMATS, UPSCALE_BACKENDS, type TImageFormat } from '@kroma/contract';
import { upscaleImages } from '@kroma/pipeline';
import type { TCommandDeps } from '../deps.js';
import { addProjectOptions, addSettingsOptions, parsePositiveInt } from '../options.js';
import { printJson, printLine } from '../output.js';
import { resolvePassContext, type TPassFlags } from '../pass-context.js';

interface TUpscaleFlags extends TPassFlags {
  upscaleScale?: number;
  upscaleFormat?: TImageFormat;
}

/** `kroma upscale`: upscale a file or a folder; the built-in sharp (Lanczos) upscaler needs no external tool. */
export function registerUpscale(program: Command, deps: TCommandDeps): void {
  const command = program
    .command('upscale')
    .description('upscale an image or a folder (default input <project root>/outputs, output <project root>/upscaled)')
    .option('--input <path>', 'image or folder (relative → app root)')
    .option('--output <dir>', 'output folder (relative → app root)')
    .addOption(
      new Option('--upscale-backend <backend>', 'sharp (built in, Lanczos), ncnn or python (Real-ESRGAN); post-process config default sharp').choices(
        UPSCALE_BACKENDS,
      ),
    )
    .addOption(new Option('--upscale-scale <n>', 'scale factor (post-process config default 2)').argParser(parsePositiveInt))
    .addOption(new Option('--upscale-format <format>', 'output format (post-process config default png)').choices(IMAGE_FORMATS));
  for (const add of [addProjectOptions, addSettingsOptions]) add(command);
  command.action(async (flags: TUpscaleFlags) => {
    const cli = deps.environment();
    // The standalone verb follows the post-process config's `upscale.backend`, not the run switches of the settings layers.
    const pass = await resolvePassContext(cli, { ...flags, upscaleBackend: undefined }, 'upscaled');
    const result = await upscaleImages({
      input: pass.input,
      output: pass.output,
      projectRoot: pass.project.projectRoot,
      appRoot: cli.appRoot,
      config: pass.config,
      upscalers: createPostprocessTools(pass.config, cli.appRoot, cli.env).upscalers,
      backend: flags.upscaleBackend ?? pass.config.upscale.backend,
      ...(flags.upscaleScale !== undefined && { scale: flags.upscaleScale }),
      ...(flags.upscaleFormat !== undefined && { format: flags.upscaleFormat }),
    });
    if (flags.json === true) printJson(deps.io, result);
    else printLine(deps.io, `Upscaled ${result.input} -> ${result.output} (${result.backend}, x${result.scale})`);
  });
}

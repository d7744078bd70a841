import type { BackgroundRemover, ColorCorrector, ImageEditor, TImageUsage, Upscaler } from '@kroma/adapters';
import type { TColorProfile, TPostprocessConfig, TRunLogBgRemove, TRunLogColor, TRunLogPostprocess, TRunLogUpscale } from '@kroma/contract';
import { projectLayout } from '../planning/layout.js';
import { buildPassOutputPath } from '../planning/sanitize.js';
import { displayPath } from '../paths.js';
import { assertRefineRunnable } from './bg-refine.js';
import type { TRefineSettings } from './bg-refine.js';
import { removeBackground } from './bg-remove.js';
import { colorOne, colorSettingsLabel, pickColorProfile } from './color.js';
import { pickUpscaler, upscaleOne } from './upscale.js';

export interface TPostprocessAdapters {
  /** By backend name (`rembg`, `photoroom`, `removebg`). */
  backgroundRemovers: Readonly<Record<string, BackgroundRemover>>;
  refineEditor?: ImageEditor;
  /** By backend name (`sharp`, `ncnn`, `python`). */
  upscalers: Readonly<Record<string, Upscaler>>;
  colorCorrector: ColorCorrector;
}

export interface TPostprocessInput {
  /** One candidate's generated file (absolute). */
  rawOutput: string;
  projectRoot: string;
  appRoot: string;
  /** The job's `planned_postprocess`: which passes run and with which backends/profile. */
  planned: TRunLogPostprocess;
  config: TPostprocessConfig;
  adapters: TPostprocessAdapters;
  colorProfiles: Readonly<Record<string, TColorProfile>>;
  refine: TRefineSettings;
  now?: () => Date;
}

export interface TPostprocessOutcome {
  /** Absolute path of the chain's last file (the raw output when no pass ran): the file QA checks. */
  finalOutput: string;
  bg_remove?: TRunLogBgRemove;
  upscale?: TRunLogUpscale;
  color?: TRunLogColor;
  refineUsage?: TImageUsage;
  /** Paid OpenAI refine calls made, for cost accounting. */
  refineCalls: number;
}

/**
 * Runs one candidate through bg_remove → bg_refine_openai → upscale → colour (§7.1), each pass only when the
 * planned record switches it on and each consuming the previous pass's file; names follow §3.3. Everything that
 * can be checked up front (refine editor, upscale backend, colour profile) is, so a bad setting fails before any
 * file is written or any paid call is made.
 */
export async function runPostprocessChain(input: TPostprocessInput): Promise<TPostprocessOutcome> {
  const { planned, config, adapters, projectRoot, appRoot } = input;
  const now = input.now ?? (() => new Date());
  const layout = projectLayout(projectRoot);
  const rel = (path: string): string => displayPath(path, appRoot);
  const refineOn = planned.bg_remove && planned.bg_refine_openai;
  assertRefineRunnable(refineOn, planned.bg_refine_openai_required, adapters.refineEditor);
  const upscaler = planned.upscale ? pickUpscaler(adapters.upscalers, planned.upscale_backend) : undefined;
  const profileName = planned.color_profile ?? config.color.default_profile;
  const profile = planned.color ? pickColorProfile(input.colorProfiles, profileName) : undefined;

  const outcome: TPostprocessOutcome = { finalOutput: input.rawOutput, refineCalls: 0 };
  if (planned.bg_remove) {
    const { format } = config.bg_remove;
    const cut = await removeBackground({
      input: outcome.finalOutput,
      output: buildPassOutputPath(layout.backgroundRemoved, outcome.finalOutput, 'nobg', format),
      backends: planned.bg_remove_backends.length > 0 ? planned.bg_remove_backends : config.bg_remove.backends,
      removers: adapters.backgroundRemovers,
      format,
      size: config.bg_remove.size,
      crop: config.bg_remove.crop,
      refine: {
        enabled: refineOn,
        required: planned.bg_refine_openai_required,
        ...(adapters.refineEditor && { editor: adapters.refineEditor }),
        settings: input.refine,
      },
      projectRoot,
      appRoot,
      now,
    });
    outcome.bg_remove = {
      input: rel(cut.input),
      output: rel(cut.output),
      backend: cut.backend,
      backends_tried: cut.backendsTried,
      refine_openai: cut.refineApplied,
      refine_error: cut.refineError,
    };
    outcome.refineCalls = cut.refineCalls;
    if (cut.refineUsage) outcome.refineUsage = cut.refineUsage;
    outcome.finalOutput = cut.output;
  }
  if (upscaler) {
    const { scale, format } = config.upscale;
    const output = buildPassOutputPath(layout.upscaled, outcome.finalOutput, `x${scale}`, format);
    const result = await upscaleOne({ input: outcome.finalOutput, output, upscaler, scale, format, projectRoot, now });
    outcome.upscale = { backend: result.backend, input: rel(outcome.finalOutput), output: rel(output), scale, model: result.model };
    outcome.finalOutput = output;
  }
  if (profile) {
    const output = buildPassOutputPath(layout.colorCorrected, outcome.finalOutput, profileName, 'png');
    await colorOne({ input: outcome.finalOutput, output, profile, colorCorrector: adapters.colorCorrector, projectRoot, now });
    outcome.color = { input: rel(outcome.finalOutput), output: rel(output), profile: profileName, settings: colorSettingsLabel(config.color.settings_file) };
    outcome.finalOutput = output;
  }
  return outcome;
}

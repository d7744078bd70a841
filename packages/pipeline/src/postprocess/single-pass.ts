import type { BackgroundRemover, ColorCorrector, ImageEditor, TImageUsage, Upscaler } from '@kroma/adapters';
import type { TColorProfile, TImageFormat, TPostprocessConfig } from '@kroma/contract';
import { displayPath } from '../paths.js';
import { assertRefineRunnable } from './bg-refine.js';
import type { TRefineSettings } from './bg-refine.js';
import { removeBackground } from './bg-remove.js';
import { colorOne, colorSettingsLabel, pickColorProfile } from './color.js';
import { planPassTargets } from './pass-targets.js';
import { DEFAULT_UPSCALE_BACKEND, pickUpscaler, upscaleOne } from './upscale.js';

/** What every single-pass verb needs: a file or a folder in, where to write, and the project for archiving. */
export interface TSinglePassBase {
  input: string;
  output: string;
  projectRoot: string;
  /** Paths in the results are relative to it, with `/`. */
  appRoot: string;
  config: TPostprocessConfig;
  now?: () => Date;
}

export interface TBgRemoveFileResult {
  input: string;
  output: string;
  backend: string;
  refine_openai: boolean;
  refine_error: string | null;
}

/** `kroma bgremove --json` (§1.7). */
export interface TBgRemoveCommandResult {
  input: string;
  output: string;
  backends: string[];
  refine_openai: boolean;
  refine_openai_required: boolean;
  format: TImageFormat;
  processed: number;
  results: TBgRemoveFileResult[];
}

export interface TRemoveBackgroundsInput extends TSinglePassBase {
  backgroundRemovers: Readonly<Record<string, BackgroundRemover>>;
  refineEditor?: ImageEditor;
  refine: TRefineSettings;
  /** Overrides of the config's `bg_remove` values (flags). */
  backends?: string[];
  format?: TImageFormat;
  refineOpenai?: boolean;
  refineOpenaiRequired?: boolean;
  /** Called after every paid refine call, for cost accounting. */
  onRefineCall?: (usage: TImageUsage | undefined) => void;
}

export async function removeBackgrounds(input: TRemoveBackgroundsInput): Promise<TBgRemoveCommandResult> {
  const settings = input.config.bg_remove;
  const backends = input.backends ?? [...settings.backends];
  const format = input.format ?? settings.format;
  const refineOn = input.refineOpenai ?? settings.openai.enabled;
  const required = refineOn && (input.refineOpenaiRequired ?? settings.openai.required);
  assertRefineRunnable(refineOn, required, input.refineEditor);
  const now = input.now ?? (() => new Date());
  const rel = (path: string): string => displayPath(path, input.appRoot);
  const results: TBgRemoveFileResult[] = [];
  for (const target of await planPassTargets(input.input, input.output, { extension: format, sanitizeStem: true })) {
    const cut = await removeBackground({
      ...target,
      backends,
      removers: input.backgroundRemovers,
      format,
      size: settings.size,
      crop: settings.crop,
      refine: { enabled: refineOn, required, ...(input.refineEditor && { editor: input.refineEditor }), settings: input.refine },
      projectRoot: input.projectRoot,
      appRoot: input.appRoot,
      now,
    });
    if (cut.refineCalls > 0) input.onRefineCall?.(cut.refineUsage);
    results.push({ input: rel(cut.input), output: rel(cut.output), backend: cut.backend, refine_openai: cut.refineApplied, refine_error: cut.refineError });
  }
  return {
    input: rel(input.input),
    output: rel(input.output),
    backends,
    refine_openai: refineOn,
    refine_openai_required: required,
    format,
    processed: results.length,
    results,
  };
}

/** `kroma upscale --json` (§1.7); `model` is null when a folder held no image. */
export interface TUpscaleCommandResult {
  backend: string;
  input: string;
  output: string;
  scale: number;
  model: string | null;
}

export interface TUpscaleImagesInput extends TSinglePassBase {
  upscalers: Readonly<Record<string, Upscaler>>;
  /** Default `sharp` (the built-in Lanczos resize). */
  backend?: string;
  scale?: number;
  format?: TImageFormat;
}

export async function upscaleImages(input: TUpscaleImagesInput): Promise<TUpscaleCommandResult> {
  const backend = input.backend ?? DEFAULT_UPSCALE_BACKEND;
  const upscaler = pickUpscaler(input.upscalers, backend);
  const scale = input.scale ?? input.config.upscale.scale;
  const format = input.format ?? input.config.upscale.format;
  const now = input.now ?? (() => new Date());
  let model: string | null = null;
  for (const target of await planPassTargets(input.input, input.output, { extension: format, sanitizeStem: false })) {
    model = (await upscaleOne({ ...target, upscaler, scale, format, projectRoot: input.projectRoot, now })).model;
  }
  return { backend, input: displayPath(input.input, input.appRoot), output: displayPath(input.output, input.appRoot), scale, model };
}

/** `kroma color --json` (§1.7). */
export interface TColorCommandResult {
  input: string;
  output: string;
  profile: string;
  settings: string;
}

export interface TColorImagesInput extends TSinglePassBase {
  colorCorrector: ColorCorrector;
  colorProfiles: Readonly<Record<string, TColorProfile>>;
  /** Default `color.default_profile`. */
  profile?: string;
}

/** Outputs are always `.png` (the corrector writes PNG and keeps transparency). */
export async function colorImages(input: TColorImagesInput): Promise<TColorCommandResult> {
  const profileName = input.profile ?? input.config.color.default_profile;
  const profile = pickColorProfile(input.colorProfiles, profileName);
  const now = input.now ?? (() => new Date());
  for (const target of await planPassTargets(input.input, input.output, { extension: 'png', sanitizeStem: false })) {
    await colorOne({ ...target, profile, colorCorrector: input.colorCorrector, projectRoot: input.projectRoot, now });
  }
  return {
    input: displayPath(input.input, input.appRoot),
    output: displayPath(input.output, input.appRoot),
    profile: profileName,
    settings: colorSettingsLabel(input.config.color.settings_file),
  };
}

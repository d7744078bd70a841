import type { TBgRemoveBackend, TPipelineManifest, TPipelineSettings, TUpscaleBackend } from '@kroma/contract';

/**
 * What a caller may override on top of the settings layers, the manifest and the post-process config: the CLI
 * passes its flags; an API trigger passes only `candidates` (§9.1: everything else comes from the layers).
 */
export interface TSettingsOverrides {
  appSettings?: string;
  projectSettings?: string;
  manifest?: string;
  postprocessConfig?: string;
  postBgRemove?: boolean;
  postUpscale?: boolean;
  postColor?: boolean;
  postColorProfile?: string;
  upscaleBackend?: TUpscaleBackend;
  bgRemoveBackends?: TBgRemoveBackend[];
  bgRefineOpenai?: boolean;
  bgRefineOpenaiRequired?: boolean;
  candidates?: number;
  maxCandidates?: number;
  safeBatchLimit?: number;
  defaultNoInvention?: boolean;
  outputGuardEnabled?: boolean;
  enforceGrayscale?: boolean;
  failOnChromaExceed?: boolean;
  maxChromaDelta?: number;
  styleBasePrompt?: string;
  timeDayPrompt?: string;
  timeNightPrompt?: string;
  weatherClearPrompt?: string;
  weatherRainPrompt?: string;
}

/** Overrides as the top settings layer: a pass switch counts only when true, blank text and an empty list are unset. */
export function overrideLayer(overrides: TSettingsOverrides): TPipelineSettings {
  return {
    manifest_path: overrides.manifest?.trim() || undefined,
    postprocess_config_path: overrides.postprocessConfig?.trim() || undefined,
    postprocess: {
      upscale: overrides.postUpscale === true ? true : undefined,
      color: overrides.postColor === true ? true : undefined,
      bg_remove: overrides.postBgRemove === true ? true : undefined,
      upscale_backend: overrides.upscaleBackend,
      color_profile: overrides.postColorProfile?.trim() || undefined,
      bg_remove_backends: overrides.bgRemoveBackends?.length ? overrides.bgRemoveBackends : undefined,
      bg_refine_openai: overrides.bgRefineOpenai,
      bg_refine_openai_required: overrides.bgRefineOpenaiRequired,
    },
  };
}

const PROMPT_OVERRIDES = [
  ['styleBasePrompt', 'style_base'],
  ['timeDayPrompt', 'time_day'],
  ['timeNightPrompt', 'time_night'],
  ['weatherClearPrompt', 'weather_clear'],
  ['weatherRainPrompt', 'weather_rain'],
] as const;

/** The manifest with the overrides of its keys applied on top. */
export function applyManifestOverrides(base: TPipelineManifest, overrides: TSettingsOverrides): TPipelineManifest {
  const prompts = { ...base.prompts };
  for (const [name, key] of PROMPT_OVERRIDES) {
    const value = overrides[name];
    if (value !== undefined) prompts[key] = value;
  }
  return {
    ...base,
    safe_batch_limit: overrides.safeBatchLimit ?? base.safe_batch_limit,
    generation: {
      candidates: overrides.candidates ?? base.generation.candidates,
      max_candidates: overrides.maxCandidates ?? base.generation.max_candidates,
    },
    output_guard: {
      enforce_grayscale: overrides.enforceGrayscale ?? base.output_guard.enforce_grayscale,
      max_chroma_delta: overrides.maxChromaDelta ?? base.output_guard.max_chroma_delta,
      fail_on_chroma_exceed: overrides.failOnChromaExceed ?? base.output_guard.fail_on_chroma_exceed,
    },
    policy: { ...base.policy, default_no_invention: overrides.defaultNoInvention ?? base.policy.default_no_invention },
    prompts,
  };
}

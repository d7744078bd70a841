import { resolve } from 'node:path';
import {
  DEFAULT_PIPELINE_MANIFEST,
  DEFAULT_POSTPROCESS_CONFIG,
  type TBgRemoveBackend,
  type TPipelineManifest,
  type TPipelineSettings,
  type TPostprocessConfig,
  type TUpscaleBackend,
} from '@kroma/contract';
import {
  isInsideConfigRoots,
  loadAppSettingsLayer,
  manifestError,
  postprocessError,
  loadPipelineManifest,
  loadPostprocessConfig,
  loadProjectSettingsLayer,
  mergeSettingsLayers,
  type TConfigRoots,
  type TPostprocessSwitches,
} from '@kroma/pipeline';

/** The flags that can override a settings layer, the manifest or the post-process config. */
export interface TSettingsFlags {
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

export interface TResolvedSettings {
  manifest: TPipelineManifest;
  postprocessConfig: TPostprocessConfig;
  postprocess: TPostprocessSwitches;
  outputGuardEnabled: boolean;
}

/** Flags as the top settings layer; unlike an HTTP request, a flag may also switch a refine option off. */
function flagLayer(flags: TSettingsFlags): TPipelineSettings {
  return {
    manifest_path: flags.manifest?.trim() || undefined,
    postprocess_config_path: flags.postprocessConfig?.trim() || undefined,
    postprocess: {
      upscale: flags.postUpscale === true ? true : undefined,
      color: flags.postColor === true ? true : undefined,
      bg_remove: flags.postBgRemove === true ? true : undefined,
      upscale_backend: flags.upscaleBackend,
      color_profile: flags.postColorProfile?.trim() || undefined,
      bg_remove_backends: flags.bgRemoveBackends?.length ? flags.bgRemoveBackends : undefined,
      bg_refine_openai: flags.bgRefineOpenai,
      bg_refine_openai_required: flags.bgRefineOpenaiRequired,
    },
  };
}

const PROMPT_FLAGS = [
  ['styleBasePrompt', 'style_base'],
  ['timeDayPrompt', 'time_day'],
  ['timeNightPrompt', 'time_night'],
  ['weatherClearPrompt', 'weather_clear'],
  ['weatherRainPrompt', 'weather_rain'],
] as const;

/** The manifest with the flags that override its keys applied on top. */
function applyManifestFlags(base: TPipelineManifest, flags: TSettingsFlags): TPipelineManifest {
  const prompts = { ...base.prompts };
  for (const [flag, key] of PROMPT_FLAGS) {
    const value = flags[flag];
    if (value !== undefined) prompts[key] = value;
  }
  return {
    ...base,
    safe_batch_limit: flags.safeBatchLimit ?? base.safe_batch_limit,
    generation: {
      candidates: flags.candidates ?? base.generation.candidates,
      max_candidates: flags.maxCandidates ?? base.generation.max_candidates,
    },
    output_guard: {
      enforce_grayscale: flags.enforceGrayscale ?? base.output_guard.enforce_grayscale,
      max_chroma_delta: flags.maxChromaDelta ?? base.output_guard.max_chroma_delta,
      fail_on_chroma_exceed: flags.failOnChromaExceed ?? base.output_guard.fail_on_chroma_exceed,
    },
    policy: { ...base.policy, default_no_invention: flags.defaultNoInvention ?? base.policy.default_no_invention },
    prompts,
  };
}

/** A config path (relative → app root) that must stay inside the app root or the project root. */
async function containedPath(roots: TConfigRoots, raw: string, kind: 'manifest' | 'postprocess'): Promise<string> {
  const path = resolve(roots.appRoot, raw);
  if (await isInsideConfigRoots(path, roots)) return path;
  const detail = `${kind}_path must stay inside the app root or the project root`;
  throw kind === 'manifest' ? manifestError(path, detail) : postprocessError(path, detail);
}

/**
 * Settings of a project, layered app → project → manifest → flags (§2.5): the layers choose the manifest, the
 * post-process config and the pass switches; flags override all of them.
 */
export async function resolveSettings(roots: TConfigRoots, flags: TSettingsFlags): Promise<TResolvedSettings> {
  const app = await loadAppSettingsLayer(roots, flags.appSettings);
  const project = await loadProjectSettingsLayer(roots, flags.projectSettings);
  const merged = mergeSettingsLayers({ app: app.settings, project: project.settings, request: flagLayer(flags) });
  const manifest =
    merged.manifest_path === undefined
      ? (structuredClone(DEFAULT_PIPELINE_MANIFEST) as TPipelineManifest)
      : await loadPipelineManifest(await containedPath(roots, merged.manifest_path, 'manifest'), roots);
  const postprocessConfig =
    merged.postprocess_config_path === undefined
      ? (structuredClone(DEFAULT_POSTPROCESS_CONFIG) as TPostprocessConfig)
      : await loadPostprocessConfig(await containedPath(roots, merged.postprocess_config_path, 'postprocess'), roots);
  const post = merged.postprocess;
  return {
    manifest: applyManifestFlags(manifest, flags),
    postprocessConfig,
    postprocess: {
      upscale: post.upscale,
      upscaleBackend: post.upscale_backend,
      color: post.color,
      colorProfile: post.color_profile,
      bgRemove: post.bg_remove,
      bgRemoveBackends: post.bg_remove_backends,
      bgRefineOpenai: post.bg_refine_openai,
      bgRefineOpenaiRequired: post.bg_refine_openai_required,
    },
    outputGuardEnabled: flags.outputGuardEnabled ?? true,
  };
}

import { resolve } from 'node:path';
import {
  DEFAULT_PIPELINE_MANIFEST,
  DEFAULT_POSTPROCESS_CONFIG,
  type TPipelineManifest,
  type TPostprocessConfig,
} from '@kroma/contract';
import type { TPostprocessSwitches } from '../planning/postprocess.js';
import { manifestError, postprocessError } from './errors.js';
import { loadPipelineManifest } from './manifest.js';
import { isInsideConfigRoots, type TConfigRoots } from './paths.js';
import { loadPostprocessConfig } from './postprocess.js';
import { loadAppSettingsLayer, loadProjectSettingsLayer, mergeSettingsLayers } from './settings-layers.js';
import { applyManifestOverrides, overrideLayer, type TSettingsOverrides } from './settings-overrides.js';

/** Everything planning needs from the settings: the manifest, the post-process config and the pass switches. */
export interface TResolvedPipelineSettings {
  manifest: TPipelineManifest;
  postprocessConfig: TPostprocessConfig;
  postprocess: TPostprocessSwitches;
  outputGuardEnabled: boolean;
}

/** A config path (relative → app root) that must stay inside the app root or the project root. */
async function containedPath(roots: TConfigRoots, raw: string, kind: 'manifest' | 'postprocess'): Promise<string> {
  const path = resolve(roots.appRoot, raw);
  if (await isInsideConfigRoots(path, roots)) return path;
  const detail = `${kind}_path must stay inside the app root or the project root`;
  throw kind === 'manifest' ? manifestError(path, detail) : postprocessError(path, detail);
}

/**
 * Settings of a project, layered app → project → manifest → overrides (§2.5): the layers choose the manifest, the
 * post-process config and the pass switches; overrides win over all of them. Errors are 400 KromaErrors naming the
 * layer or file at fault.
 */
export async function resolvePipelineSettings(roots: TConfigRoots, overrides: TSettingsOverrides = {}): Promise<TResolvedPipelineSettings> {
  const app = await loadAppSettingsLayer(roots, overrides.appSettings);
  const project = await loadProjectSettingsLayer(roots, overrides.projectSettings);
  const merged = mergeSettingsLayers({ app: app.settings, project: project.settings, request: overrideLayer(overrides) });
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
    manifest: applyManifestOverrides(manifest, overrides),
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
    outputGuardEnabled: overrides.outputGuardEnabled ?? true,
  };
}

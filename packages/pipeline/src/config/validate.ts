import { resolve } from 'node:path';
import type { TConfigValidationSummary } from '@kroma/contract';
import { manifestError, postprocessError } from './errors.js';
import { loadPipelineManifest } from './manifest.js';
import { CONTAINMENT_MESSAGE, isInsideConfigRoots, resolveAgainst, type TConfigRoots } from './paths.js';
import { loadPostprocessConfig } from './postprocess.js';
import {
  layerSetsAnyKey,
  loadAppSettingsLayer,
  loadProjectSettingsLayer,
  mergeSettingsLayers,
  requestSettingsLayer,
} from './settings-layers.js';

export interface TValidatePipelineConfigInput {
  appRoot: string;
  projectRoot: string;
  /** Relative → app root. */
  appSettingsPath?: string | null;
  /** Relative → project root. */
  projectSettingsPath?: string | null;
  /** Overrides every layer; relative → app root. */
  manifestPath?: string | null;
  /** Overrides every layer; relative → app root. */
  postprocessConfigPath?: string | null;
}

/**
 * Loads the app and project settings layers, merges them under the request's path overrides, then checks the
 * manifest and the post-process config they point at (when they point at one). Every file must stay inside
 * the app root or the project root. Throws a 400 KromaError whose message names the failing layer and field.
 */
export async function validatePipelineConfig(input: TValidatePipelineConfigInput): Promise<TConfigValidationSummary> {
  const roots: TConfigRoots = { appRoot: resolve(input.appRoot), projectRoot: resolve(input.projectRoot) };
  const app = await loadAppSettingsLayer(roots, input.appSettingsPath);
  const project = await loadProjectSettingsLayer(roots, input.projectSettingsPath);
  const request = requestSettingsLayer({
    manifest_path: input.manifestPath ?? undefined,
    postprocess_config_path: input.postprocessConfigPath ?? undefined,
  });
  const merged = mergeSettingsLayers({ app: app.settings, project: project.settings, request });

  if (merged.manifest_path !== undefined) {
    const path = resolveAgainst(roots.appRoot, merged.manifest_path);
    if (!(await isInsideConfigRoots(path, roots))) throw manifestError(path, `manifest_path ${CONTAINMENT_MESSAGE}`);
    await loadPipelineManifest(path, roots);
  }
  if (merged.postprocess_config_path !== undefined) {
    const path = resolveAgainst(roots.appRoot, merged.postprocess_config_path);
    if (!(await isInsideConfigRoots(path, roots))) throw postprocessError(path, `postprocess_config_path ${CONTAINMENT_MESSAGE}`);
    await loadPostprocessConfig(path, roots);
  }

  return {
    app_settings_loaded: layerSetsAnyKey(app.settings),
    project_settings_loaded: layerSetsAnyKey(project.settings),
    resolved_manifest_path: merged.manifest_path ?? null,
    resolved_postprocess_config_path: merged.postprocess_config_path ?? null,
  };
}

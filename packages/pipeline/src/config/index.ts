// Layered settings, manifest and post-process config: loading, merging and validation.
export {
  MANIFEST_ERROR_PREFIX,
  POSTPROCESS_ERROR_PREFIX,
  SETTINGS_ERROR_PREFIX,
  manifestError,
  postprocessError,
  settingsLayerError,
} from './errors.js';
export { isInsideConfigRoots, type TConfigRoots } from './paths.js';
export {
  APP_SETTINGS_CANDIDATES,
  PROJECT_SETTINGS_DEFAULT,
  layerSetsAnyKey,
  loadAppSettingsLayer,
  loadProjectSettingsLayer,
  loadSettingsFile,
  mergeSettingsLayers,
  requestSettingsLayer,
  type TLoadedSettingsLayer,
  type TMergedPipelineSettings,
  type TSettingsLayerName,
} from './settings-layers.js';
export { checkPipelineManifest, findStyleRefOutsideRoots, loadPipelineManifest } from './manifest.js';
export { checkPostprocessConfig, loadPostprocessConfig } from './postprocess.js';
export { validatePipelineConfig, type TValidatePipelineConfigInput } from './validate.js';
export { resolvePipelineSettings, type TResolvedPipelineSettings } from './resolve-settings.js';
export type { TSettingsOverrides } from './settings-overrides.js';

import { join } from 'node:path';
import {
  DEFAULT_PIPELINE_SETTINGS,
  ZPipelineSettingsLayerSchema,
  type TPipelineSettings,
  type TPipelineSettingsPostprocess,
} from '@kroma/contract';
import { ConfigFileError, settingsLayerError } from './errors.js';
import { fileExists, readConfigFile } from './files.js';
import { parseWithSchema } from './issues.js';
import { CONTAINMENT_MESSAGE, isInsideConfigRoots, resolveAgainst, type TConfigRoots } from './paths.js';

/** Default app layer locations, first existing wins; `config/…` are the original's locations. */
export const APP_SETTINGS_CANDIDATES = [
  'settings/pipeline.settings.toml',
  'settings/pipeline.settings.json',
  'config/pipeline.settings.toml',
  'config/pipeline.settings.json',
] as const;

export const PROJECT_SETTINGS_DEFAULT = '.kroma/pipeline.settings.json';

export type TSettingsLayerName = 'app' | 'project';

/** One loaded layer; `path` is where it was looked for (null: no candidate file exists). */
export interface TLoadedSettingsLayer {
  name: TSettingsLayerName;
  path: string | null;
  settings: TPipelineSettings;
}

/** Reads one settings file; a missing file is an empty layer. */
export async function loadSettingsFile(name: TSettingsLayerName, path: string): Promise<TLoadedSettingsLayer> {
  const where = `${name} settings (${path})`;
  try {
    if (!(await fileExists(path))) return { name, path, settings: {} };
    const parsed = parseWithSchema(ZPipelineSettingsLayerSchema, await readConfigFile(path));
    if (!parsed.ok) throw settingsLayerError(`${where}: ${parsed.detail}`);
    return { name, path, settings: parsed.value };
  } catch (error) {
    if (error instanceof ConfigFileError) throw settingsLayerError(`${where}: ${error.message}`);
    throw error;
  }
}

const given = (value: string | null | undefined): string | undefined => {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
};

async function explicitLayerPath(field: string, base: string, raw: string, roots: TConfigRoots): Promise<string> {
  const path = resolveAgainst(base, raw);
  if (!(await isInsideConfigRoots(path, roots))) throw settingsLayerError(`${field} (${path}) ${CONTAINMENT_MESSAGE}`);
  return path;
}

/** App layer: an explicit path (relative → app root), else the first default location that exists. */
export async function loadAppSettingsLayer(roots: TConfigRoots, explicitPath?: string | null): Promise<TLoadedSettingsLayer> {
  const explicit = given(explicitPath);
  if (explicit !== undefined) {
    return loadSettingsFile('app', await explicitLayerPath('app_settings_path', roots.appRoot, explicit, roots));
  }
  for (const candidate of APP_SETTINGS_CANDIDATES) {
    const path = join(roots.appRoot, candidate);
    if (await fileExists(path)) return loadSettingsFile('app', path);
  }
  return { name: 'app', path: null, settings: {} };
}

/** Project layer: an explicit path (relative → project root), else `<project root>/.kroma/pipeline.settings.json`. */
export async function loadProjectSettingsLayer(
  roots: TConfigRoots,
  explicitPath?: string | null,
): Promise<TLoadedSettingsLayer> {
  const explicit = given(explicitPath);
  const path =
    explicit === undefined
      ? join(roots.projectRoot, PROJECT_SETTINGS_DEFAULT)
      : await explicitLayerPath('project_settings_path', roots.projectRoot, explicit, roots);
  return loadSettingsFile('project', path);
}

/** True when the layer sets at least one key (an empty `postprocess` object sets none). */
export function layerSetsAnyKey(settings: TPipelineSettings): boolean {
  const post = settings.postprocess ?? {};
  return (
    settings.manifest_path !== undefined ||
    settings.postprocess_config_path !== undefined ||
    Object.values(post).some((value) => value !== undefined)
  );
}

/** The request's overlay: pass switches count only when true, an empty backend list and blank text are unset. */
export function requestSettingsLayer(request: TPipelineSettings): TPipelineSettings {
  const post = request.postprocess ?? {};
  const postprocess: TPipelineSettingsPostprocess = {
    upscale: post.upscale === true ? true : undefined,
    color: post.color === true ? true : undefined,
    bg_remove: post.bg_remove === true ? true : undefined,
    upscale_backend: post.upscale_backend,
    color_profile: given(post.color_profile),
    bg_remove_backends: post.bg_remove_backends?.length ? post.bg_remove_backends : undefined,
    bg_refine_openai: post.bg_refine_openai,
    bg_refine_openai_required: post.bg_refine_openai_required,
  };
  return {
    manifest_path: given(request.manifest_path),
    postprocess_config_path: given(request.postprocess_config_path),
    postprocess,
  };
}

/** Merged settings: the three pass switches always have a value (built-in default: off). */
export interface TMergedPipelineSettings {
  manifest_path?: string;
  postprocess_config_path?: string;
  postprocess: TPipelineSettingsPostprocess & { upscale: boolean; color: boolean; bg_remove: boolean };
}

const firstSet = <T>(values: ReadonlyArray<T | undefined>): T | undefined => values.find((value) => value !== undefined);

/**
 * Per key: request > project > app > built-in defaults. An empty `bg_remove_backends` list counts as unset
 * (it means "use the post-process config's list").
 */
export function mergeSettingsLayers(layers: {
  app?: TPipelineSettings;
  project?: TPipelineSettings;
  request?: TPipelineSettings;
}): TMergedPipelineSettings {
  const ordered = [layers.request ?? {}, layers.project ?? {}, layers.app ?? {}];
  const post = ordered.map((layer) => layer.postprocess ?? {});
  const pick = <K extends keyof TPipelineSettingsPostprocess>(key: K) => firstSet(post.map((p) => p[key]));
  const defaults = DEFAULT_PIPELINE_SETTINGS.postprocess;
  const merged: TMergedPipelineSettings = {
    postprocess: {
      upscale: pick('upscale') ?? defaults.upscale,
      color: pick('color') ?? defaults.color,
      bg_remove: pick('bg_remove') ?? defaults.bg_remove,
    },
  };
  const optionalPost = {
    upscale_backend: pick('upscale_backend'),
    color_profile: pick('color_profile'),
    bg_remove_backends: firstSet(post.map((p) => (p.bg_remove_backends?.length ? p.bg_remove_backends : undefined))),
    bg_refine_openai: pick('bg_refine_openai'),
    bg_refine_openai_required: pick('bg_refine_openai_required'),
  };
  for (const [key, value] of Object.entries(optionalPost)) {
    if (value !== undefined) Object.assign(merged.postprocess, { [key]: value });
  }
  const manifestPath = firstSet(ordered.map((layer) => layer.manifest_path));
  const postprocessPath = firstSet(ordered.map((layer) => layer.postprocess_config_path));
  if (manifestPath !== undefined) merged.manifest_path = manifestPath;
  if (postprocessPath !== undefined) merged.postprocess_config_path = postprocessPath;
  return merged;
}

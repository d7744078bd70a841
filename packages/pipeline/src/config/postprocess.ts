import {
  resolvePostprocessConfig,
  ZPostprocessConfigSchema,
  type TPostprocessConfig,
} from '@kroma/contract';
import { ConfigFileError, postprocessError } from './errors.js';
import { readConfigFile } from './files.js';
import { parseWithSchema } from './issues.js';
import { CONTAINMENT_MESSAGE, isInsideConfigRoots, resolveAgainst, type TConfigRoots } from './paths.js';

/** Checks a parsed post-process JSON value and fills in the defaults; returns the problem instead of throwing. */
export async function checkPostprocessConfig(
  value: unknown,
  roots: TConfigRoots,
): Promise<{ ok: true; config: TPostprocessConfig } | { ok: false; detail: string }> {
  const parsed = parseWithSchema(ZPostprocessConfigSchema, value);
  if (!parsed.ok) return parsed;
  const config = resolvePostprocessConfig(parsed.value);
  const settingsFile = config.color.settings_file;
  // The colour settings file is another config file: the same containment rule applies (it is read later).
  if (settingsFile !== '' && !(await isInsideConfigRoots(resolveAgainst(roots.appRoot, settingsFile), roots))) {
    return { ok: false, detail: `color.settings_file ${CONTAINMENT_MESSAGE}` };
  }
  return { ok: true, config };
}

/** Loads a post-process config file (absolute path, already checked to be inside the roots). */
export async function loadPostprocessConfig(path: string, roots: TConfigRoots): Promise<TPostprocessConfig> {
  let value: unknown;
  try {
    value = await readConfigFile(path, 'json');
  } catch (error) {
    if (error instanceof ConfigFileError) throw postprocessError(path, error.message);
    throw error;
  }
  const checked = await checkPostprocessConfig(value, roots);
  if (!checked.ok) throw postprocessError(path, checked.detail);
  return checked.config;
}

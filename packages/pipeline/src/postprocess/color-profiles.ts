import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_COLOR_PROFILES, ZColorSettingsFileSchema, type TColorProfile } from '@kroma/contract';
import { isInsideConfigRoots, type TConfigRoots } from '../config/paths.js';

/**
 * The colour profiles a colour pass can apply: the built-in ones, or those of the colour settings file
 * (`color.settings_file`, relative → app root, inside the app or project root). Its `default_profile` is ignored
 * as in the original: the profile always comes from flags, settings or the post-process config.
 */
export async function loadColorProfiles(settingsFile: string, roots: TConfigRoots): Promise<Record<string, TColorProfile>> {
  if (settingsFile.trim() === '') return { ...DEFAULT_COLOR_PROFILES };
  const path = resolve(roots.appRoot, settingsFile);
  if (!(await isInsideConfigRoots(path, roots))) throw new Error(`color.settings_file ${path} must stay inside the app root or the project root`);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`colour settings file ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = ZColorSettingsFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`colour settings file ${path}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`);
  }
  return { ...(parsed.data.profiles ?? {}) };
}

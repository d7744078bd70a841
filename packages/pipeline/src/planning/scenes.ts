import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { validationError } from '@kroma/contract';
import type { TConfigRoots } from '../config/paths.js';
import { entryKind, isImagePath, resolveContainedPath, resolveExistingFile } from './refs.js';

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Images under `dir`, depth-first: each directory's entries sorted by name in byte order, a sub-directory expanded
 * at its sorted position (the RS order, §3.1, §10.35 — the same on every platform). A symlink to a file is listed
 * (the caller checks where it points); a symlink to a directory is not followed, so a link loop cannot hang us.
 */
export async function listImagesRecursive(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => byteOrder(a.name, b.name));
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listImagesRecursive(path)));
    else if (isImagePath(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await entryKind(path)) === 'file'))) {
      found.push(path);
    }
  }
  return found;
}

export interface TSceneSources {
  /** `--input`: one image file or a directory searched recursively. */
  input?: string | undefined;
  /** `--scene-refs` / request `scene_refs`. */
  sceneRefs?: readonly string[] | undefined;
  /** The manifest's `scene_refs`, used when neither of the above is given. */
  manifestSceneRefs: readonly string[];
}

export const BOTH_SCENE_SOURCES_MESSAGE = 'give scenes either as --input or as scene refs, not both';
export const NO_SCENES_MESSAGE = 'no scene references configured';

async function scenesFromInput(input: string, roots: TConfigRoots): Promise<string[]> {
  const path = await resolveContainedPath(input, roots, 'input');
  const kind = await entryKind(path);
  if (kind === 'missing') throw validationError(`input not found: ${input}`);
  if (kind === 'file') {
    if (!isImagePath(path)) throw validationError(`input is not an image file: ${input}`);
    return [path];
  }
  if (kind !== 'directory') throw validationError(`input is neither a file nor a directory: ${input}`);
  const images = await listImagesRecursive(path);
  // A symlink inside the folder may point anywhere; each file is checked on its own.
  for (const image of images) await resolveContainedPath(image, roots, 'scene');
  return images;
}

/**
 * The scenes of a run, as absolute paths (§3.1): `--input` xor scene refs, else the manifest's; every scene must
 * exist and stay inside the app root or the project root. An empty result is an error unless `allowEmpty` (a jobs
 * file supplies the jobs).
 */
export async function resolveScenes(sources: TSceneSources, roots: TConfigRoots, allowEmpty = false): Promise<string[]> {
  const hasInput = sources.input !== undefined && sources.input.trim() !== '';
  const hasRefs = sources.sceneRefs !== undefined && sources.sceneRefs.length > 0;
  if (hasInput && hasRefs) throw validationError(BOTH_SCENE_SOURCES_MESSAGE);
  let scenes: string[];
  if (hasInput) {
    scenes = await scenesFromInput(sources.input ?? '', roots);
  } else {
    const refs = hasRefs ? (sources.sceneRefs ?? []) : sources.manifestSceneRefs;
    scenes = [];
    for (const ref of refs) scenes.push(await resolveExistingFile(ref, roots, 'scene'));
  }
  if (scenes.length === 0 && !allowEmpty) throw validationError(NO_SCENES_MESSAGE);
  return scenes;
}

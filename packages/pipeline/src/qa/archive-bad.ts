import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { validationError } from '@kroma/contract';
import { archiveFile, badArchiveDir } from './archive.js';
import { displayPath } from '../paths.js';
import { isInside } from '../config/paths.js';
import { isImagePath, listImageFiles } from './image-files.js';

/** The `archive-bad --json` result (§1.7). */
export interface TArchiveBadResult {
  ok: true;
  archive_dir: string;
  moved_count: number;
  moved: Array<{ from: string; to: string }>;
}

export interface TArchiveBadOptions {
  /** Paths in the result are relative to this (the app root); default the project root. */
  displayRoot?: string;
  now?: Date;
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

/**
 * Moves every image under `input` (a file or a directory, searched recursively) into the project's
 * `archive/bad`. Sub-directories of `input` are kept under `archive/bad` (the original flattened them, so
 * same-named files from different folders collided); images already inside `archive/bad` stay where they are.
 */
export async function archiveBad(
  input: string,
  projectRoot: string,
  options: TArchiveBadOptions = {},
): Promise<TArchiveBadResult> {
  const displayRoot = options.displayRoot ?? projectRoot;
  const now = options.now ?? new Date();
  const absoluteInput = resolve(displayRoot, input);
  const archiveDir = resolve(badArchiveDir(projectRoot));

  const inputStat = await statOrUndefined(absoluteInput);
  if (inputStat === undefined) throw validationError(`archive-bad input not found: ${input}`);
  const isDirectory = inputStat.isDirectory();
  const candidates = isDirectory ? await listImageFiles(absoluteInput) : [absoluteInput].filter(isImagePath);
  const files = candidates.filter((file) => !isInside(file, archiveDir));
  if (files.length === 0) throw validationError(`archive-bad found no images under ${input}`);

  const moved: TArchiveBadResult['moved'] = [];
  for (const file of files) {
    const subDir = isDirectory ? relative(absoluteInput, dirname(file)) : '';
    const to = await archiveFile(file, join(archiveDir, subDir), 'bad', now);
    moved.push({ from: displayPath(file, displayRoot), to: displayPath(to, displayRoot) });
  }
  return { ok: true, archive_dir: displayPath(archiveDir, displayRoot), moved_count: moved.length, moved };
}

import { randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { conflictError } from '@kroma/contract';
import { corruptArchiveError, FILES_DIR, RUNS_DIR } from '../package/format.js';

export const folderTakenMessage = (root: string): string => `Project folder '${root}' already exists and is not empty`;

/** The new project's folder must be free: missing, or an empty folder. */
export async function assertFreeFolder(root: string): Promise<void> {
  const facts = await stat(root).catch(() => undefined);
  if (!facts) return;
  if (!facts.isDirectory() || (await readdir(root)).length > 0) throw conflictError(folderTakenMessage(root));
}

const isCrossDevice = (error: unknown): boolean => error instanceof Error && 'code' in error && error.code === 'EXDEV';

/**
 * Moves the staged package's files into the project folder: `runs/` goes back under `files/runs/`, then `files/`
 * becomes the project folder in one rename (a copy to a temp name and a rename when the staging area is on
 * another file system).
 */
export async function placeProjectFiles(packageDir: string, projectRoot: string): Promise<void> {
  const files = join(packageDir, FILES_DIR);
  const runs = join(packageDir, RUNS_DIR);
  await mkdir(files, { recursive: true });
  if (await stat(runs).catch(() => undefined)) {
    if (await stat(join(files, RUNS_DIR)).catch(() => undefined)) throw corruptArchiveError('files/runs/ and runs/ both exist');
    await rename(runs, join(files, RUNS_DIR));
  }
  await mkdir(dirname(projectRoot), { recursive: true });
  await rmdir(projectRoot).catch(() => undefined);
  try {
    await rename(files, projectRoot);
  } catch (error) {
    if (!isCrossDevice(error)) throw error;
    const temp = `${projectRoot}.tmp-${randomUUID().slice(0, 8)}`;
    try {
      await cp(files, temp, { recursive: true });
      await rename(temp, projectRoot);
    } catch (copyError) {
      await rm(temp, { recursive: true, force: true });
      throw copyError;
    }
  }
}

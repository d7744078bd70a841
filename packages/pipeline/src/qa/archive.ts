import { copyFile, mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

export type TArchiveKind = 'bad' | 'replaced';

/** ISO-8601 UTC with `:` and `.` replaced by `-` (`2026-02-25T01-20-56-123Z`): millisecond resolution. */
export const archiveStamp = (now: Date): string => now.toISOString().replace(/[:.]/g, '-');

/** The stem as archive names use it: lower-case, runs outside `[a-z0-9_-]` become one `_`, no outer `_`. */
export function sanitizeArchiveStem(stem: string): string {
  return stem
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

/**
 * Creates an empty file at the first free `<base><-n><ext>` and returns its path. The exclusive create is what
 * reserves the name, so two archivers racing for the same stem and millisecond cannot pick the same target.
 */
async function reserveFreeName(dir: string, base: string, ext: string): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    const target = join(dir, `${base}${attempt === 0 ? '' : `-${attempt}`}${ext}`);
    try {
      await (await open(target, 'wx')).close();
      return target;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
  }
}

/** Rename, or copy and delete when the archive is on another filesystem. */
async function moveOver(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if (errorCode(error) !== 'EXDEV') throw error;
    await copyFile(from, to);
    await unlink(from);
  }
}

/**
 * Moves `file` to `<archiveDir>/<stem>_<kind>_<stamp><ext>` and returns the new path. Never overwrites an earlier
 * archive: a taken name gets `-1`, `-2`, … (the original let same-millisecond archives replace each other).
 */
export async function archiveFile(
  file: string,
  archiveDir: string,
  kind: TArchiveKind,
  now: Date = new Date(),
): Promise<string> {
  const ext = extname(file);
  const stem = sanitizeArchiveStem(basename(file, ext)) || 'file';
  await mkdir(archiveDir, { recursive: true });
  const target = await reserveFreeName(archiveDir, `${stem}_${kind}_${archiveStamp(now)}`, ext);
  try {
    await moveOver(file, target);
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  return target;
}

/** Where a project's rejects go. */
export const badArchiveDir = (projectRoot: string): string => join(projectRoot, 'archive', 'bad');

/** Where a project's overwritten files go. */
export const replacedArchiveDir = (projectRoot: string): string => join(projectRoot, 'archive', 'replaced');

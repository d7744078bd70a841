import { opendir } from 'node:fs/promises';
import { join } from 'node:path';

export interface TWalkedFile {
  absolute: string;
  /** Relative to the walked root, `/`-separated. */
  relative: string;
}

const isMissing = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');

/**
 * Every regular file below `root`, depth first, streamed (a folder of 50,000 outputs is never listed into memory
 * at once). Symbolic links are not followed: an export must not pull in files from elsewhere. `skip` prunes a
 * relative path (file or folder).
 */
export async function* walkFiles(root: string, skip: (relative: string) => boolean = () => false, prefix = ''): AsyncGenerator<TWalkedFile> {
  let folder;
  try {
    folder = await opendir(prefix === '' ? root : join(root, prefix));
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for await (const entry of folder) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (skip(relative)) continue;
    if (entry.isDirectory()) yield* walkFiles(root, skip, relative);
    else if (entry.isFile()) yield { absolute: join(root, relative), relative };
  }
}

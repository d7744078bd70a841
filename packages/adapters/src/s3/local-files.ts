import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const isNotFound = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'ENOENT';

/** One regular file of the tree being mirrored. */
export interface TLocalFile {
  /** Relative to the root, with `/`. */
  relPath: string;
  absPath: string;
  size: number;
}

/**
 * Every regular file under `root` (symlinks to files included, symlinked folders skipped so a loop cannot
 * recur), sorted by relative path. Only names and sizes are held, never contents.
 */
export async function listLocalFiles(root: string): Promise<TLocalFile[]> {
  const files: TLocalFile[] = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    const relDir = pending.pop() as string;
    const dir = await opendir(join(root, relDir)).catch((error: unknown) => {
      // A sub-folder removed while the tree is walked is simply gone; the root itself must exist.
      if (relDir !== '' && isNotFound(error)) return undefined;
      throw error;
    });
    if (dir === undefined) continue;
    for await (const entry of dir) {
      const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      const absPath = join(root, relPath);
      if (entry.isDirectory()) pending.push(relPath);
      else if (entry.isFile()) {
        const info = await stat(absPath).catch(() => undefined);
        if (info !== undefined) files.push({ relPath, absPath, size: info.size });
      } else if (entry.isSymbolicLink()) {
        const target = await stat(absPath).catch(() => undefined);
        if (target?.isFile() === true) files.push({ relPath, absPath, size: target.size });
      }
    }
  }
  return files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
}

export interface TFileDigests {
  sha256: string;
  md5: string;
}

/** SHA-256 and MD5 (hex) of a file in one streamed read. */
export async function digestFile(path: string): Promise<TFileDigests> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    sha256.update(chunk as Buffer);
    md5.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), md5: md5.digest('hex') };
}

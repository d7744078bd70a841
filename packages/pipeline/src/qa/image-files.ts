import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isImagePath } from '../paths.js';

export { isImagePath };

// Byte order, like the original's per-directory sort (localeCompare would depend on the machine's locale).
const byName = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Image files under `dir`, depth first, each directory's entries sorted by name. Symlinks to files count;
 * symlinked directories are not followed, so a link loop cannot make the walk endless.
 */
export async function listImageFiles(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => byName(a.name, b.name));
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listImageFiles(path)));
    else if (isImagePath(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isRegularFile(path)))))
      found.push(path);
  }
  return found;
}

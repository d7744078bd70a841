import { relative, resolve, sep } from 'node:path';
import { isInside } from '../config/paths.js';

/** Root-relative with `/` separators (`.` for the root itself); the absolute path when it lies outside `root`. */
export function displayPath(path: string, root: string): string {
  const absoluteRoot = resolve(root);
  const absolute = resolve(absoluteRoot, path);
  if (!isInside(absolute, absoluteRoot)) return absolute;
  const rel = relative(absoluteRoot, absolute);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

import { extname, relative, resolve, sep } from 'node:path';
import { isInside } from './config/paths.js';

/** The image extensions scenes, QA and archive-bad accept (compared lower-case). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff'];

export const isImagePath = (path: string): boolean => IMAGE_EXTENSIONS.includes(extname(path).toLowerCase());

/**
 * A path as run logs and reports record it: root-relative with `/` (`.` for the root itself) when inside `root`,
 * else absolute. Unlike the original, which wrote absolute `--input` paths its own run-mode adapters then refused.
 */
export function displayPath(path: string, root: string): string {
  const absoluteRoot = resolve(root);
  const absolute = resolve(absoluteRoot, path);
  if (!isInside(absolute, absoluteRoot)) return absolute;
  const rel = relative(absoluteRoot, absolute);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

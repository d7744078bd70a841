import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Extensions a reference item's `content_uri` must have to count as an image (case-insensitive). */
const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.tif', '.tiff'];

export type TLocalImageUri = { kind: 'path'; path: string } | { kind: 'skipped'; reason: string };

// A URI scheme of two or more letters, so a Windows drive letter (`C:\…`) still reads as a path.
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/**
 * A `content_uri` as a local image path: relative paths resolve against `projectRoot`, `file://` URIs are
 * accepted, anything else (http(s), other schemes, non-image files) is skipped with the reason why.
 */
export function localImageUri(uri: string, projectRoot: string): TLocalImageUri {
  const trimmed = uri.trim();
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  let path: string;
  if (scheme === undefined) path = resolve(projectRoot, trimmed);
  else if (scheme === 'http' || scheme === 'https') return { kind: 'skipped', reason: 'remote images are not downloaded' };
  else if (scheme !== 'file') return { kind: 'skipped', reason: `unsupported URI scheme "${scheme}"` };
  else {
    try {
      path = fileURLToPath(trimmed);
    } catch {
      return { kind: 'skipped', reason: 'not a valid file:// URI' };
    }
  }
  if (!IMAGE_EXTENSIONS.includes(extname(path).toLowerCase())) return { kind: 'skipped', reason: 'not an image file' };
  return { kind: 'path', path };
}

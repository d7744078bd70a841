import { isAbsolute, relative, sep } from 'node:path';

/** A path as rows store it: app-root-relative with `/` when inside the app root, else absolute. */
export function storedPathOf(appRoot: string, absolutePath: string): string {
  const rel = relative(appRoot, absolutePath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return absolutePath;
  return rel.split(sep).join('/');
}

/** The part of `path` below `root` (`''` for the root itself), or undefined when it is not inside. */
export function below(root: string, path: string): string | undefined {
  if (path === root) return '';
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

/**
 * Moves stored paths from one project folder to another: a path inside the old folder (in its stored or its
 * absolute form) becomes the same path inside the new one, in the new database's stored form; others stay.
 */
export function pathRebaser(oldRoots: readonly string[], newStoredRoot: string): (path: string) => string {
  const roots = oldRoots.filter((root) => root !== '');
  if (roots.every((root) => root === newStoredRoot)) return (path) => path;
  return (path) => {
    for (const root of roots) {
      const rest = below(root, path);
      if (rest !== undefined) return rest === '' ? newStoredRoot : `${newStoredRoot}/${rest}`;
    }
    return path;
  };
}

/** A package entry path is safe when relative, `/`-separated and free of `.`/`..`/empty segments. */
export function isSafeEntryPath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

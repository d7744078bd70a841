import { isAbsolute, relative, sep } from 'node:path';

/** App-root-relative with `/`, or absolute outside the app root (as the CLI shows paths in its protocol). */
export function shownPath(path: string, appRoot: string): string {
  const rel = relative(appRoot, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return path;
  return rel.split(sep).join('/');
}

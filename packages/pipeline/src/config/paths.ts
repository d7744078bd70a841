import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Where config files may live: the app root and the project's root. */
export interface TConfigRoots {
  appRoot: string;
  projectRoot: string;
}

export const CONTAINMENT_MESSAGE = 'must stay inside the app root or the project root';

/** Absolute paths stay as they are; relative ones join `base`. `..` segments are resolved. */
export const resolveAgainst = (base: string, value: string): string => resolve(base, value);

export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

const realOr = async (path: string): Promise<string | undefined> => realpath(path).catch(() => undefined);

/**
 * True when `path` lies inside one of the roots, both as written (after `..` is resolved) and, when it exists,
 * after following symlinks — so neither `../` nor a link placed inside a root can reach a file elsewhere.
 */
export async function isInsideConfigRoots(path: string, roots: TConfigRoots): Promise<boolean> {
  const lexicalRoots = [roots.appRoot, roots.projectRoot].map((root) => resolve(root));
  if (!lexicalRoots.some((root) => isInside(resolve(path), root))) return false;
  const real = await realOr(path);
  if (real === undefined) return true;
  const realRoots = await Promise.all(lexicalRoots.map(async (root) => (await realOr(root)) ?? root));
  return realRoots.some((root) => isInside(real, root));
}

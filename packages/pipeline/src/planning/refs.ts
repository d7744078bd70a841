import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { validationError } from '@kroma/contract';
import { findStyleRefOutsideRoots } from '../config/manifest.js';
import { isInsideConfigRoots, type TConfigRoots } from '../config/paths.js';

export { displayPath, IMAGE_EXTENSIONS, isImagePath } from '../paths.js';

/** Resolves a ref (relative → app root) and refuses one that leaves both roots, even through a symlink (§3.5). */
export async function resolveContainedPath(ref: string, roots: TConfigRoots, label: string): Promise<string> {
  const path = resolve(roots.appRoot, ref);
  if (!(await isInsideConfigRoots(path, roots))) {
    throw validationError(`${label} ${ref} is outside the app root and the project root`);
  }
  return path;
}

type TEntryKind = 'file' | 'directory' | 'missing' | 'other';

export async function entryKind(path: string): Promise<TEntryKind> {
  try {
    const info = await stat(path);
    if (info.isFile()) return 'file';
    return info.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

/** A contained ref that must be an existing file; returns its absolute path. */
export async function resolveExistingFile(ref: string, roots: TConfigRoots, label: string): Promise<string> {
  const path = await resolveContainedPath(ref, roots, label);
  const kind = await entryKind(path);
  if (kind === 'missing') throw validationError(`${label} not found: ${ref}`);
  if (kind !== 'file') throw validationError(`${label} is not a file: ${ref}`);
  return path;
}

/**
 * `policy.allowed_style_roots` (documented but never enforced by the original, §10.29): every style ref must equal
 * a root or lie under one. No roots configured: any style ref is allowed.
 */
export function assertStyleRefsAllowed(styleRefs: readonly string[], allowedRoots: readonly string[] | undefined, appRoot: string): void {
  const index = findStyleRefOutsideRoots(styleRefs, allowedRoots, appRoot);
  if (index < 0) return;
  throw validationError(
    `style ref ${styleRefs[index] ?? ''} is not under any of policy.allowed_style_roots (${(allowedRoots ?? []).join(', ')})`,
  );
}

import {
  resolvePipelineManifest,
  ZPipelineManifestSchema,
  type TPipelineManifest,
} from '@kroma/contract';
import { ConfigFileError, manifestError } from './errors.js';
import { readConfigFile } from './files.js';
import { parseWithSchema } from './issues.js';
import { CONTAINMENT_MESSAGE, isInside, resolveAgainst, type TConfigRoots } from './paths.js';

/**
 * Index of the first style ref that is neither one of `roots` nor under one, or -1. Both sides resolve
 * against the app root first, so `a/../b` and `./b` compare as `b`. No roots: everything is allowed.
 */
export function findStyleRefOutsideRoots(styleRefs: readonly string[], roots: readonly string[] | undefined, appRoot: string): number {
  if (roots === undefined || roots.length === 0) return -1;
  const allowed = roots.map((root) => resolveAgainst(appRoot, root));
  return styleRefs.findIndex((ref) => !allowed.some((root) => isInside(resolveAgainst(appRoot, ref), root)));
}

/** Image refs are not checked for existence, only that they stay inside the app root or the project root. */
function findEscapingRef(manifest: TPipelineManifest, roots: TConfigRoots): string | undefined {
  for (const field of ['scene_refs', 'style_refs'] as const) {
    const index = manifest[field].findIndex((ref) => {
      const path = resolveAgainst(roots.appRoot, ref);
      return !isInside(path, roots.appRoot) && !isInside(path, roots.projectRoot);
    });
    if (index >= 0) return `${field}[${index}] ${CONTAINMENT_MESSAGE}`;
  }
  return undefined;
}

/** Checks a parsed manifest JSON value strictly and fills in the defaults; returns the problem instead of throwing. */
export function checkPipelineManifest(
  value: unknown,
  roots: TConfigRoots,
): { ok: true; manifest: TPipelineManifest } | { ok: false; detail: string } {
  const parsed = parseWithSchema(ZPipelineManifestSchema, value);
  if (!parsed.ok) return parsed;
  const manifest = resolvePipelineManifest(parsed.value);
  const escaping = findEscapingRef(manifest, roots);
  if (escaping !== undefined) return { ok: false, detail: escaping };
  const outside = findStyleRefOutsideRoots(manifest.style_refs, manifest.policy.allowed_style_roots, roots.appRoot);
  if (outside >= 0) return { ok: false, detail: `style_refs[${outside}] is not under any of policy.allowed_style_roots` };
  return { ok: true, manifest };
}

/** Loads a manifest file (absolute path, already checked to be inside the roots). */
export async function loadPipelineManifest(path: string, roots: TConfigRoots): Promise<TPipelineManifest> {
  let value: unknown;
  try {
    value = await readConfigFile(path, 'json');
  } catch (error) {
    if (error instanceof ConfigFileError) throw manifestError(path, error.message);
    throw error;
  }
  const checked = checkPipelineManifest(value, roots);
  if (!checked.ok) throw manifestError(path, checked.detail);
  return checked.manifest;
}

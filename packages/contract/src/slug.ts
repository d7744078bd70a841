/**
 * The original's lenient `normalize_slug`: trim, lower-case, each run of characters outside
 * `[a-z0-9_-]` becomes one `_`, leading/trailing `_` stripped. `undefined` when nothing is left.
 * Used for project slugs, usernames and provider codes.
 */
const ALREADY_NORMALIZED = /^[a-z0-9-](?:[a-z0-9_-]*[a-z0-9-])?$/;

export function normalizeSlug(raw: string): string | undefined {
  // Fast path: most slugs on the wire are already normalized.
  if (ALREADY_NORMALIZED.test(raw)) return raw;
  const lowered = raw.trim().toLowerCase();
  let out = '';
  let inRun = false;
  for (const ch of lowered) {
    if (/^[a-z0-9_-]$/.test(ch)) {
      out += ch;
      inRun = false;
    } else if (!inRun) {
      out += '_';
      inRun = true;
    }
  }
  const stripped = out.replace(/^_+|_+$/g, '');
  return stripped === '' ? undefined : stripped;
}

/** Like `normalizeSlug`, but falls back to `project` (used when deriving a slug from a name). */
export function slugifyOrDefault(raw: string): string {
  return normalizeSlug(raw) ?? 'project';
}

import { normalizeSlug, validationError } from '@kroma/contract';

/** Trimmed text, or `undefined` when the field was absent or null. */
export function trimmed(value: string | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : value.trim();
}

/** Trimmed, non-blank text, or `undefined` (absent, null and blank are all "not given"). */
export function nonBlank(value: string | null | undefined): string | undefined {
  const text = trimmed(value);
  return text === undefined || text === '' ? undefined : text;
}

/** Trimmed, non-blank text or a 400 `Field '<name>' is required`. */
export function requireText(value: string | null | undefined, field: string): string {
  const text = nonBlank(value);
  if (text === undefined) throw validationError(`Field '${field}' is required`);
  return text;
}

/** True when the key was sent with a non-null value (partial updates: "omitted means keep"). */
export function provided<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

/** Lists: `limit` is clamped, never rejected. */
export function clampLimit(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isFinite(value)) return fallback;
  return Math.min(Math.max(value, 1), max);
}

/** Blank optional text is stored as NULL. */
export function blankToNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** Provider codes are normalized like slugs (`OpenAI` → `openai`); one that normalizes to nothing counts as missing. */
export function requireProviderCode(raw: string | null | undefined): string {
  const code = normalizeSlug(raw ?? '');
  if (code === undefined) throw validationError("Field 'provider_code' is required");
  return code;
}

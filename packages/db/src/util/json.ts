/** JSON object columns: NULL or unparsable text reads back as `{}`. */
export function parseJsonObject(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Free JSON columns (`config_json`, `metadata_json`): any JSON value; NULL or unparsable text reads as `{}`. */
export function parseJsonValue(text: string | null | undefined): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

export function toJsonText(value: unknown, fallback: unknown = {}): string {
  return JSON.stringify(value === undefined ? fallback : value);
}

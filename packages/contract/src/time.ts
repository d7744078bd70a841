/** Server timestamps: UTC, second precision, literal `Z` (`2026-02-21T00:00:00Z`); compared as strings. */
export function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function nowTimestamp(): string {
  return formatTimestamp(new Date());
}

export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

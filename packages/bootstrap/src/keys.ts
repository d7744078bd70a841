/**
 * Section keys. Names dedupe and diff by ASCII-lower-cased name (the original used `to_ascii_lowercase`, so
 * `É` and `é` stay distinct); secrets by code + NUL + name. Keyed maps are read back in byte order of the key,
 * like the original's BTreeMap, which is what orders previews and writes.
 */
export const nameKey = (name: string): string => name.replace(/[A-Z]+/g, (run) => run.toLowerCase());

export const secretKey = (providerCode: string, secretName: string): string => `${providerCode}\u0000${secretName}`;

/** UTF-8 byte order (= code point order), not JavaScript's UTF-16 code unit order. */
export function compareKeys(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}

/** Values of a keyed map, ordered by key. */
export function valuesByKey<T>(map: ReadonlyMap<string, T>): T[] {
  return [...map.entries()].sort(([left], [right]) => compareKeys(left, right)).map(([, value]) => value);
}

/** Builds a keyed map; a later entry with the same key replaces the earlier one. */
export function keyed<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [keyOf(item), item] as const));
}

/** A record whose values are built on first access, so a tool that cannot be configured fails only when used. */
export function lazyRecord<T>(factories: Readonly<Record<string, () => T>>): Readonly<Record<string, T>> {
  const record: Record<string, T> = {};
  for (const [key, make] of Object.entries(factories)) {
    let value: T | undefined;
    Object.defineProperty(record, key, { enumerable: true, get: () => (value ??= make()) });
  }
  return record;
}

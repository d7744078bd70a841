import { CompiledQuery } from 'kysely';
import type { KromaDb } from '../../store.js';

/** Rows per multi-row INSERT: keeps the widest table (assets, 14 columns) far below SQLite's variable limit. */
export const INSERT_BATCH_ROWS = 500;

export function chunksOf<T>(rows: readonly T[], size = INSERT_BATCH_ROWS): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

const quoted = (name: string) => `"${name}"`;

/**
 * Multi-row INSERTs with SQL text built once per chunk size: building a Kysely query tree for tens of thousands of
 * rows costs more than SQLite's own work (and the driver reuses the prepared statement for equal SQL text).
 * `table`, `columns` and `suffix` are fixed identifiers from our code, never input.
 */
export async function insertRows<TRow extends Record<string, unknown>>(
  db: KromaDb,
  table: string,
  columns: readonly (keyof TRow & string)[],
  rows: readonly TRow[],
  suffix = '',
): Promise<void> {
  const head = `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const sqlBySize = new Map<number, string>();
  for (const chunk of chunksOf(rows)) {
    let sql = sqlBySize.get(chunk.length);
    if (sql === undefined) {
      sql = `${head}${Array.from({ length: chunk.length }, () => tuple).join(', ')}${suffix ? ` ${suffix}` : ''}`;
      sqlBySize.set(chunk.length, sql);
    }
    const parameters: unknown[] = [];
    for (const row of chunk) for (const column of columns) parameters.push(row[column] ?? null);
    await db.executeQuery(CompiledQuery.raw(sql, parameters));
  }
}

import { CompiledQuery } from 'kysely';
import type { KromaDb } from '../../store.js';

/** Most rows per INSERT: keeps the widest table (assets, 14 columns) far below SQLite's variable limit. */
export const INSERT_BATCH_ROWS = 512;

/**
 * Row counts of the INSERTs for `total` rows: full batches, then the rest split into powers of two, so a table
 * only ever needs a handful of distinct statements however the rows are chunked (each is prepared once).
 */
export function batchSizesOf(total: number): number[] {
  const sizes: number[] = [];
  let rest = total;
  while (rest >= INSERT_BATCH_ROWS) {
    sizes.push(INSERT_BATCH_ROWS);
    rest -= INSERT_BATCH_ROWS;
  }
  for (let size = INSERT_BATCH_ROWS / 2; size >= 1; size /= 2) {
    if (rest >= size) {
      sizes.push(size);
      rest -= size;
    }
  }
  return sizes;
}

const quoted = (name: string) => `"${name}"`;

/**
 * A multi-row INSERT into one table whose SQL text is built once per batch size: building a Kysely query tree for
 * tens of thousands of rows costs more than SQLite's own work (and the driver reuses the prepared statement for
 * equal SQL text). `table`, `columns` and `suffix` are fixed identifiers from our code, never input.
 */
export class BatchInsert<TRow extends object> {
  private readonly sqlBySize = new Map<number, string>();
  private readonly head: string;
  private readonly tuple: string;

  constructor(
    table: string,
    private readonly columns: readonly (keyof TRow & string)[],
    private readonly suffix = '',
  ) {
    this.head = `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values `;
    this.tuple = `(${columns.map(() => '?').join(', ')})`;
  }

  private sqlFor(size: number): string {
    let sql = this.sqlBySize.get(size);
    if (sql === undefined) {
      sql = `${this.head}${Array.from({ length: size }, () => this.tuple).join(', ')}${this.suffix ? ` ${this.suffix}` : ''}`;
      this.sqlBySize.set(size, sql);
    }
    return sql;
  }

  async insert(db: KromaDb, rows: readonly TRow[]): Promise<void> {
    let start = 0;
    for (const size of batchSizesOf(rows.length)) {
      const parameters: unknown[] = new Array(size * this.columns.length);
      let index = 0;
      for (let row = start; row < start + size; row += 1) {
        const values = rows[row] as TRow;
        for (const column of this.columns) parameters[index++] = values[column] ?? null;
      }
      start += size;
      await db.executeQuery(CompiledQuery.raw(this.sqlFor(size), parameters));
    }
  }
}

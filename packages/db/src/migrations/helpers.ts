import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they describe the schema at their own point in history, not today's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MigrationDb = Kysely<any>;

export const emptyText = sql`''`;
export const emptyObject = sql`'{}'`;

export async function createIndexes(db: MigrationDb, indexes: Array<[name: string, table: string, columns: string[]]>) {
  for (const [name, table, columns] of indexes) {
    await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
  }
}

import { sql } from 'kysely';
import type { KromaDb } from '../store.js';
import { projectRowsQuery, type TArchiveRow, type TArchivedSettingsTable, type TArchivedTable } from './project-archive-tables.js';

/** Rows per page: large enough that per-query costs vanish, small enough to stay a couple of MB. */
const DEFAULT_PAGE_SIZE = 2000;

/**
 * A project's rows of one table, one page at a time in id order (keyset: `id > last`), so memory holds one page
 * however large the project is and the connection is free between pages (other requests are not held up).
 */
export async function* iterateProjectRows(
  db: KromaDb,
  projectId: string,
  table: TArchivedTable,
  pageSize = DEFAULT_PAGE_SIZE,
): AsyncGenerator<TArchiveRow> {
  let after = '';
  for (;;) {
    const { rows } = await projectRowsQuery(table, projectId, after, pageSize).execute(db);
    for (const row of rows) yield row;
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return;
    after = String(last.id);
  }
}

/** How many of these ids a table already holds (the importer's collision check, one batch at a time). */
export async function countExistingIds(
  db: KromaDb,
  table: TArchivedTable | TArchivedSettingsTable | 'projects' | 'project_storage',
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where id in (${sql.join(ids)})`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Each table's columns in this database (an archive from another version may carry more or fewer). */
export async function tableColumns(db: KromaDb): Promise<Map<string, Set<string>>> {
  const tables = await db.introspection.getTables();
  return new Map(tables.map((table) => [table.name, new Set(table.columns.map((column) => column.name))]));
}

/** The distinct stored paths of a project's selected finals (`job_final_output` assets), in pages by path. */
export async function* iterateFinalAssetPaths(db: KromaDb, projectId: string, pageSize = DEFAULT_PAGE_SIZE): AsyncGenerator<string> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('assets')
      .select('rel_path')
      .distinct()
      .where('project_id', '=', projectId)
      .where('kind', '=', 'job_final_output')
      .where('rel_path', '>', after)
      .orderBy('rel_path')
      .limit(pageSize)
      .execute();
    for (const row of rows) if (row.rel_path) yield row.rel_path;
    const last = rows.at(-1)?.rel_path;
    if (!last || rows.length < pageSize) return;
    after = last;
  }
}

import { conflictError, type TProjectRef } from '@kroma/contract';
import type { KromaDb, KromaStore } from '../store.js';
import { writeAuditEvent } from './audit.js';
import type { TActor } from './context.js';
import { findProjectBySlug } from './project-lookup.js';
import { ensureStorageRow } from './storage.js';
import { tableColumns } from './project-archive-rows.js';
import type { TProjectArchiveSettings } from './project-archive-settings.js';
import {
  ARCHIVED_SETTINGS_TABLES,
  ARCHIVED_TABLES,
  ID_COLUMNS,
  PATH_COLUMNS,
  type TArchiveRow,
  type TArchivedSettingsTable,
  type TArchivedTable,
} from './project-archive-tables.js';
import { ensureUser, findUserIdByUsername, LOCAL_DISPLAY_NAME, LOCAL_USERNAME } from './users.js';

export const projectExistsMessage = (slug: string): string =>
  `Project '${slug}' already exists: import it under another slug (kroma import --project <new-slug>)`;

export interface TProjectArchiveRestoreInput {
  settings: TProjectArchiveSettings;
  /** The new project's slug (normalized; must be free). */
  slug: string;
  /** The `project_storage` row to write (the caller has already adapted the local folder policy), or none. */
  storage: TArchiveRow | null;
  /** The rows of one archived table, in the archive's order. */
  rows: (table: TArchivedTable) => AsyncIterable<TArchiveRow>;
  /** Row id → id in this database: the identity, or a remapping when the archive's ids collide. */
  mapId: (id: string) => string;
  /** A stored path → the same file under the new project's folder. */
  mapPath: (path: string) => string;
  auditPayload: Record<string, unknown>;
}

export interface TProjectArchiveRestoreResult {
  project: TProjectRef;
  copiedRows: Record<TArchivedTable | TArchivedSettingsTable, number>;
  auditId: string;
}

const INSERT_BATCH = 200;

interface TRowMapping {
  projectId: string;
  columns: Set<string>;
  idColumns: readonly string[];
  pathColumns: readonly string[];
  mapId: (id: string) => string;
  mapPath: (path: string) => string;
}

/** Keeps the columns this database has; points the row at the new project, its ids and its folder. */
function mapRow(row: TArchiveRow, mapping: TRowMapping): TArchiveRow {
  const out: TArchiveRow = {};
  for (const [column, value] of Object.entries(row)) {
    if (!mapping.columns.has(column)) continue;
    if (column === 'project_id') out[column] = mapping.projectId;
    else if (typeof value === 'string' && mapping.idColumns.includes(column)) out[column] = mapping.mapId(value);
    else if (typeof value === 'string' && mapping.pathColumns.includes(column)) out[column] = mapping.mapPath(value);
    else out[column] = value;
  }
  return out;
}

async function insertBatch(db: KromaDb, table: string, rows: TArchiveRow[]): Promise<void> {
  if (rows.length === 0) return;
  // The table name is one of the archived tables; Kysely's typed insert cannot follow a name chosen at run time.
  await db.insertInto(table as 'runs').values(rows as never).execute();
}

async function insertRows(db: KromaDb, table: string, rows: AsyncIterable<TArchiveRow> | Iterable<TArchiveRow>, mapping: TRowMapping): Promise<number> {
  let batch: TArchiveRow[] = [];
  let count = 0;
  for await (const row of rows) {
    batch.push(mapRow(row, mapping));
    count += 1;
    if (batch.length >= INSERT_BATCH) {
      await insertBatch(db, table, batch);
      batch = [];
    }
  }
  await insertBatch(db, table, batch);
  return count;
}

const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

/** The owner as named in the archive: an existing user of that name, else a new one. */
async function ownerId(db: KromaDb, owner: TProjectArchiveSettings['owner']): Promise<string> {
  const username = owner?.username || LOCAL_USERNAME;
  return (await findUserIdByUsername(db, username)) ?? ensureUser(db, username, owner?.display_name || LOCAL_DISPLAY_NAME);
}

/**
 * Writes an archived project in one transaction: the project (under `slug`, 409 when taken), its storage policy,
 * settings, then every archived table streamed in batches, and the audit event `project.imported`. Any failure
 * rolls all of it back.
 */
export async function restoreProjectArchive(
  store: KromaStore,
  actor: TActor,
  input: TProjectArchiveRestoreInput,
): Promise<TProjectArchiveRestoreResult> {
  return store.db.transaction().execute(async (trx) => {
    if (await findProjectBySlug(trx, input.slug)) throw conflictError(projectExistsMessage(input.slug));
    const source = input.settings.project;
    const projectId = input.mapId(text(source.id));
    const owner = await ownerId(trx, input.settings.owner);
    const projectRow = {
      ...source,
      id: projectId,
      user_id: owner,
      owner_user_id: owner,
      slug: input.slug,
    };
    const columns = await tableColumns(trx);
    const mapping = (table: string, idColumns: readonly string[], pathColumns: readonly string[] = []): TRowMapping => ({
      projectId,
      columns: columns.get(table) ?? new Set(),
      idColumns,
      pathColumns,
      mapId: input.mapId,
      mapPath: input.mapPath,
    });
    await insertRows(trx, 'projects', [projectRow], mapping('projects', []));
    if (input.storage) await insertRows(trx, 'project_storage', [input.storage], mapping('project_storage', ['id']));
    else await ensureStorageRow(trx, await trx.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirstOrThrow());

    const copiedRows = {} as TProjectArchiveRestoreResult['copiedRows'];
    for (const table of ARCHIVED_SETTINGS_TABLES) {
      copiedRows[table] = await insertRows(trx, table, input.settings.tables[table], mapping(table, ID_COLUMNS[table]));
    }
    for (const table of ARCHIVED_TABLES) {
      copiedRows[table] = await insertRows(trx, table, input.rows(table), mapping(table, ID_COLUMNS[table], PATH_COLUMNS[table]));
    }
    const auditId = await writeAuditEvent(trx, actor, {
      projectId,
      eventCode: 'project.imported',
      payload: { ...input.auditPayload, slug: input.slug, copied_rows: copiedRows },
    });
    return { project: { id: projectId, slug: input.slug, name: text(source.name) }, copiedRows, auditId };
  });
}

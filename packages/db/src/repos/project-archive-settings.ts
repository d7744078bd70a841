import { sql } from 'kysely';
import type { KromaDb } from '../store.js';
import { ownerOf, type ProjectRow } from './project-lookup.js';
import { ARCHIVED_SETTINGS_TABLES, type TArchiveRow, type TArchivedSettingsTable } from './project-archive-tables.js';

/** What `project.json` carries besides the format header: rows exactly as stored, never a secret. */
export interface TProjectArchiveSettings {
  project: TArchiveRow;
  /** The owner's username and display name (the importing database maps the project to that user). */
  owner: { username: string; display_name: string } | null;
  /** The `project_storage` row (local folder policy and S3 settings; it holds no credentials). */
  storage: TArchiveRow | null;
  tables: Record<TArchivedSettingsTable, TArchiveRow[]>;
}

const ORDER_KEY: Record<TArchivedSettingsTable, string> = {
  provider_accounts: 'provider_code',
  style_guides: 'id',
  characters: 'id',
  reference_sets: 'id',
  reference_set_items: 'id',
  prompt_templates: 'id',
};

/** The project's row, owner, storage policy and settings tables (small: loaded whole). */
export async function loadProjectArchiveSettings(db: KromaDb, project: ProjectRow): Promise<TProjectArchiveSettings> {
  const owner = await db
    .selectFrom('app_users')
    .select(['username', 'display_name'])
    .where('id', '=', ownerOf(project))
    .executeTakeFirst();
  const storage = await db.selectFrom('project_storage').selectAll().where('project_id', '=', project.id).executeTakeFirst();
  const tables = {} as Record<TArchivedSettingsTable, TArchiveRow[]>;
  for (const table of ARCHIVED_SETTINGS_TABLES) {
    const { rows } = await sql<TArchiveRow>`select * from ${sql.table(table)} where project_id = ${project.id} order by ${sql.ref(ORDER_KEY[table])}`.execute(db);
    tables[table] = rows;
  }
  return { project: { ...project }, owner: owner ?? null, storage: storage ? { ...storage } : null, tables };
}

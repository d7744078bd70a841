import { createHash, randomUUID } from 'node:crypto';
import { ARCHIVED_TABLES, countExistingIds, type KromaDb, type TArchiveRow, type TArchivedSettingsTable } from '@kroma/db';
import type { TProjectFile } from '../package/format.js';
import { packageRows } from './package-rows.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIXED = /^([A-Za-z]+)_[0-9a-f]+$/i;
const CHECK_BATCH = 500;

/**
 * New ids for an archive whose ids collide with this database's (importing a project twice). The mapping is a
 * function of a per-import salt and the old id, so references (run → job → candidate → asset) map alike without
 * a table of every id in memory. A UUID stays UUID-shaped (v4 bits), `run_<hex>` keeps its prefix.
 */
export function idRemapper(salt: string = randomUUID()): (id: string) => string {
  return (id) => {
    const hex = createHash('sha256').update(salt).update('\0').update(id).digest('hex');
    if (UUID.test(id)) {
      const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    }
    const prefix = PREFIXED.exec(id)?.[1];
    return prefix === undefined ? hex.slice(0, 32) : `${prefix}_${hex.slice(0, 32)}`;
  };
}

async function anyExisting(db: KromaDb, table: Parameters<typeof countExistingIds>[1], ids: AsyncIterable<string> | Iterable<string>): Promise<boolean> {
  let batch: string[] = [];
  for await (const id of ids) {
    batch.push(id);
    if (batch.length >= CHECK_BATCH) {
      if ((await countExistingIds(db, table, batch)) > 0) return true;
      batch = [];
    }
  }
  return (await countExistingIds(db, table, batch)) > 0;
}

async function* idsOf(rows: AsyncIterable<TArchiveRow>): AsyncGenerator<string> {
  for await (const row of rows) yield String(row.id);
}

const SETTINGS_WITH_IDS: TArchivedSettingsTable[] = ['style_guides', 'characters', 'reference_sets', 'reference_set_items', 'prompt_templates'];

/** Whether any id the archive brings (project, storage row, settings, every archived row) already exists here. */
export async function archiveIdsCollide(db: KromaDb, projectFile: TProjectFile, packageDir: string): Promise<boolean> {
  if (await anyExisting(db, 'projects', [String(projectFile.project.id)])) return true;
  if (projectFile.storage && (await anyExisting(db, 'project_storage', [String(projectFile.storage.id)]))) return true;
  for (const table of SETTINGS_WITH_IDS) {
    if (await anyExisting(db, table, projectFile.tables[table].map((row) => String(row.id)))) return true;
  }
  for (const table of ARCHIVED_TABLES) {
    if (await anyExisting(db, table, idsOf(packageRows(packageDir, table)))) return true;
  }
  return false;
}

import { notFoundError, type TProjectExport } from '@kroma/contract';
import type { Selectable } from 'kysely';
import type { ProjectExportTable } from '../schema/database.js';
import type { KromaStore } from '../store.js';
import { parseJsonObject } from '../util/json.js';
import { listNewestFirst } from './newest-first.js';
import { requireProject } from './project-lookup.js';

export const EXPORT_NOT_FOUND = 'Project export not found';
export const EXPORTS_LIMIT = { fallback: 500, max: 2000 } as const;

export const toProjectExport = (row: Selectable<ProjectExportTable>): TProjectExport => ({
  id: row.id,
  project_id: row.project_id,
  run_id: row.run_id ?? '',
  status: row.status ?? '',
  export_format: row.export_format ?? '',
  storage_uri: row.storage_uri ?? '',
  rel_path: row.rel_path ?? '',
  file_size_bytes: row.file_size_bytes ?? 0,
  checksum_sha256: row.checksum_sha256 ?? '',
  manifest_json: parseJsonObject(row.manifest_json),
  created_at: row.created_at ?? '',
  completed_at: row.completed_at ?? '',
});

/** Newest first (ties by id DESC); `limit` is clamped, never rejected. */
export async function listExports(store: KromaStore, slug: string, rawLimit?: string): Promise<TProjectExport[]> {
  return (await listNewestFirst(store, 'project_exports', slug, rawLimit, EXPORTS_LIMIT)).map(toProjectExport);
}

/** The export of this project, or 404 `Project export not found` (also when the project itself is missing). */
export async function getExport(store: KromaStore, slug: string, exportId: string): Promise<TProjectExport> {
  const project = await requireProject(store.db, slug, EXPORT_NOT_FOUND);
  const row = await store.db
    .selectFrom('project_exports')
    .selectAll()
    .where('id', '=', exportId)
    .where('project_id', '=', project.id)
    .executeTakeFirst();
  if (!row) throw notFoundError(EXPORT_NOT_FOUND);
  return toProjectExport(row);
}

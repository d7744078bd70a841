import { notFoundError, type TProjectExport } from '@kroma/contract';
import type { Selectable } from 'kysely';
import type { ProjectExportTable } from '../schema/database.js';
import type { KromaStore } from '../store.js';
import { parseJsonObject } from '../util/json.js';
import { listNewestFirst } from './newest-first.js';
import { requireProject } from './project-lookup.js';

export const EXPORT_NOT_FOUND = 'Project export not found';
export const EXPORTS_LIMIT = { fallback: 500, max: 2000 } as const;

const textOf = (...values: Array<string | null>): string => values.find((value) => value !== null && value !== '') ?? '';

/**
 * Both generations of the row: the Rust shape (status, export_format, rel_path, checksum, …) and the legacy one
 * (export_path, format, sha256, export_asset_id). Each side falls back to its twin, so a row written by either
 * writer reads complete in both shapes.
 */
export const toProjectExport = (row: Selectable<ProjectExportTable>): TProjectExport => {
  const format = textOf(row.export_format, row.format);
  const relPath = textOf(row.rel_path, row.export_path);
  const checksum = textOf(row.checksum_sha256, row.sha256, row.export_sha256);
  return {
    id: row.id,
    project_id: row.project_id,
    run_id: row.run_id ?? '',
    status: row.status ?? '',
    export_format: format,
    storage_uri: textOf(row.storage_uri, row.export_path),
    rel_path: relPath,
    file_size_bytes: row.file_size_bytes ?? 0,
    checksum_sha256: checksum,
    manifest_json: parseJsonObject(row.manifest_json),
    created_at: row.created_at ?? '',
    completed_at: row.completed_at ?? '',
    export_asset_id: row.export_asset_id ?? '',
    export_path: textOf(row.export_path, row.rel_path),
    format: textOf(row.format, row.export_format),
    sha256: textOf(row.sha256, row.export_sha256, row.checksum_sha256),
    export_sha256: textOf(row.export_sha256, row.sha256, row.checksum_sha256),
    export_storage_uri: textOf(row.storage_uri, row.export_path, row.rel_path),
  };
};

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

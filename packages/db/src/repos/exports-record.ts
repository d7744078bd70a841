import { nowTimestamp, type TProjectExport } from '@kroma/contract';
import type { KromaStore } from '../store.js';
import { newId } from '../util/ids.js';
import { writeAuditEvent } from './audit.js';
import type { TActor } from './context.js';
import { toProjectExport } from './exports.js';

/** What an export writer hands over once its output is in place. */
export interface TExportRecordInput {
  projectId: string;
  /** The output as stored: app-root-relative with `/`, absolute when outside the app root. */
  path: string;
  /** `tar.gz` or `folder`. */
  format: string;
  /** SHA-256 of the archive file; `null` for a folder (as the legacy writer). */
  sha256: string | null;
  /** Archive size, or the folder's total bytes. */
  sizeBytes: number;
  mimeType: string | null;
  includeFiles: boolean;
  /** The package's metadata (`manifest.json` without its entry list), stored as `manifest_json`. */
  manifest: Record<string, unknown>;
}

export interface TExportRecord {
  export: TProjectExport;
  assetId: string;
  auditId: string;
}

/**
 * The bookkeeping of data.md §5.4 in one transaction: the output's `assets` row (kind `export`, upserted by path
 * so re-exporting to the same file keeps its asset id), a `project_exports` row with both the Rust and the legacy
 * columns filled, and the audit event `project.exported`.
 */
export async function recordProjectExport(store: KromaStore, actor: TActor, input: TExportRecordInput): Promise<TExportRecord> {
  return store.db.transaction().execute(async (trx) => {
    const now = nowTimestamp();
    const existing = await trx
      .selectFrom('assets')
      .select('id')
      .where('project_id', '=', input.projectId)
      .where((eb) => eb.or([eb('storage_uri', '=', input.path), eb('rel_path', '=', input.path)]))
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .executeTakeFirst();
    const assetId = existing?.id ?? newId();
    const meta = JSON.stringify({ path_exists: true, format: input.format, include_files: input.includeFiles, file_size_bytes: input.sizeBytes });
    const asset = {
      kind: 'export',
      asset_kind: 'export',
      storage_uri: input.path,
      rel_path: input.path,
      storage_backend: 'local',
      mime_type: input.mimeType,
      width: null,
      height: null,
      sha256: input.sha256,
      run_id: null,
      job_id: null,
      candidate_id: null,
      metadata_json: meta,
      meta_json: meta,
      created_at: now,
    };
    await trx
      .insertInto('assets')
      .values({ id: assetId, project_id: input.projectId, ...asset })
      .onConflict((oc) => oc.column('id').doUpdateSet(asset))
      .execute();

    const exportId = newId();
    await trx
      .insertInto('project_exports')
      .values({
        id: exportId,
        project_id: input.projectId,
        run_id: null,
        status: 'completed',
        export_format: input.format,
        storage_uri: input.path,
        rel_path: input.path,
        file_size_bytes: input.sizeBytes,
        checksum_sha256: input.sha256,
        manifest_json: JSON.stringify(input.manifest),
        meta_json: JSON.stringify({ include_files: input.includeFiles }),
        created_at: now,
        completed_at: now,
        export_path: input.path,
        export_asset_id: assetId,
        export_sha256: input.sha256,
        sha256: input.sha256,
        format: input.format,
      })
      .execute();
    const auditId = await writeAuditEvent(trx, actor, {
      projectId: input.projectId,
      eventCode: 'project.exported',
      payload: { export_id: exportId, export_path: input.path, export_asset_id: assetId, sha256: input.sha256, include_files: input.includeFiles },
    });
    const row = await trx.selectFrom('project_exports').selectAll().where('id', '=', exportId).executeTakeFirstOrThrow();
    return { export: toProjectExport(row), assetId, auditId };
  });
}

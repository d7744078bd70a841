import { extname } from 'node:path';
import type { Insertable } from 'kysely';
import type { AssetTable } from '../../schema/database.js';
import type { AscendingIds } from '../../util/ids.js';
import type { TRunFiles } from './hash-files.js';

export type TIngestAssetKind = 'candidate_output' | 'candidate_final_output' | 'job_final_output';

export interface TExistingAsset {
  id: string;
  sha256: string | null;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

export const mimeTypeOf = (path: string): string | null => MIME_BY_EXTENSION[extname(path).toLowerCase()] ?? null;

/** The metadata of an asset without extras, built once (tens of thousands of rows share them). */
const EXISTING_META = JSON.stringify({ path_exists: true });
const MISSING_META = JSON.stringify({ path_exists: false });

interface TOwner {
  jobId: string;
  candidateId: string | null;
}

/**
 * Assets are keyed by path within the project: existing rows keep their id, and a later upsert of the same path
 * overwrites the earlier one (so the winner's candidate file ends up labelled `job_final_output`, as in §8.3).
 * Rows are handed out chunk by chunk ({@link takeRows}); a path upserted again in a later chunk keeps its id, so
 * its row is simply written again (an upsert by id).
 */
export class IngestAssetRegistry {
  private readonly idByPath = new Map<string, string>();
  private pending = new Map<string, Insertable<AssetTable>>();
  upsertCalls = 0;

  constructor(
    private readonly context: {
      projectId: string;
      runId: string;
      now: string;
      ids: AscendingIds;
      existing: Map<string, TExistingAsset>;
      files: TRunFiles;
    },
  ) {}

  upsert(path: string, kind: TIngestAssetKind, owner: TOwner, extra?: Record<string, unknown>): string {
    this.upsertCalls += 1;
    const { projectId, runId, now, existing, files } = this.context;
    const previous = existing.get(path);
    let id = this.idByPath.get(path) ?? previous?.id;
    if (id === undefined) {
      id = this.context.ids.next();
      this.idByPath.set(path, id);
    }
    const facts = files.of(path);
    const meta = extra ? JSON.stringify({ path_exists: facts.exists, ...extra }) : facts.exists ? EXISTING_META : MISSING_META;
    this.pending.set(path, {
      id,
      project_id: projectId,
      kind,
      asset_kind: kind,
      storage_uri: path,
      rel_path: path,
      mime_type: mimeTypeOf(path),
      sha256: facts.sha256 ?? previous?.sha256 ?? null,
      run_id: runId,
      job_id: owner.jobId,
      candidate_id: owner.candidateId,
      metadata_json: meta,
      meta_json: meta,
      created_at: now,
    });
    return id;
  }

  /** The rows upserted since the last call, one per path (the last upsert wins), in first-upsert order. */
  takeRows(): Insertable<AssetTable>[] {
    const rows = [...this.pending.values()];
    this.pending = new Map();
    return rows;
  }
}

import { extname } from 'node:path';
import type { Insertable } from 'kysely';
import type { AssetTable } from '../../schema/database.js';
import { newId } from '../../util/ids.js';
import type { TFileFacts } from './hash-files.js';

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

interface TOwner {
  jobId: string;
  candidateId: string | null;
}

/**
 * Assets are keyed by path within the project: existing rows keep their id, and a later upsert of the same path
 * overwrites the earlier one (so the winner's candidate file ends up labelled `job_final_output`, as in §8.3).
 */
export class IngestAssetRegistry {
  private readonly rowsByPath = new Map<string, Insertable<AssetTable>>();
  upsertCalls = 0;

  constructor(
    private readonly context: {
      projectId: string;
      runId: string;
      now: string;
      existing: Map<string, TExistingAsset>;
      files: Map<string, TFileFacts>;
    },
  ) {}

  upsert(path: string, kind: TIngestAssetKind, owner: TOwner, extra: Record<string, unknown> = {}): string {
    this.upsertCalls += 1;
    const { projectId, runId, now, existing, files } = this.context;
    const previous = existing.get(path);
    const id = this.rowsByPath.get(path)?.id ?? previous?.id ?? newId();
    const facts = files.get(path);
    const meta = JSON.stringify({ path_exists: facts?.exists ?? false, ...extra });
    this.rowsByPath.set(path, {
      id,
      project_id: projectId,
      kind,
      asset_kind: kind,
      storage_uri: path,
      rel_path: path,
      mime_type: mimeTypeOf(path),
      sha256: facts?.sha256 ?? previous?.sha256 ?? null,
      run_id: runId,
      job_id: owner.jobId,
      candidate_id: owner.candidateId,
      metadata_json: meta,
      meta_json: meta,
      created_at: now,
    });
    return id;
  }

  rows(): Insertable<AssetTable>[] {
    return [...this.rowsByPath.values()];
  }
}

import { syncProjectToS3 } from '@kroma/adapters';
import type { TS3SyncResult, TSyncS3Body } from '@kroma/contract';
import { loadS3SyncTarget, type KromaStore } from '@kroma/db';

/** `storage_sync` beside the database: the project's S3 target, then the same prechecks and sync the route runs. */
export async function syncProjectDirect(store: KromaStore, slug: string, body: TSyncS3Body, signal: AbortSignal): Promise<TS3SyncResult> {
  const target = await loadS3SyncTarget(store, slug);
  return syncProjectToS3(target, {
    dryRun: body.dry_run === true,
    deleteRemoved: body.delete === true,
    allowMissingLocal: body.allow_missing_local === true,
    signal,
  });
}

import type { TS3SyncResult } from '@kroma/contract';
import { syncProjectToS3, type TS3ProjectSyncOptions } from '@kroma/adapters';
import { loadS3SyncTarget, type KromaStore } from '@kroma/db';

/** The project (404), its S3 settings and `aws` secrets, then the mirror with the original's prechecks. */
export async function syncProjectStorage(store: KromaStore, slug: string, options: TS3ProjectSyncOptions): Promise<TS3SyncResult> {
  return syncProjectToS3(await loadS3SyncTarget(store, slug), options);
}

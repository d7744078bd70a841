import { stat } from 'node:fs/promises';
import { validationError, type TS3SyncResult } from '@kroma/contract';
import { syncDirectoryToS3, type TS3Credentials, type TS3SyncOptions } from './sync-directory.js';

/** A project's S3 mirror settings (what `loadS3SyncTarget` of `@kroma/db` returns). */
export interface TS3ProjectTarget {
  projectSlug: string;
  /** Absolute, resolved local project root. */
  projectRoot: string;
  enabled: boolean;
  bucket: string;
  region: string;
  profile: string;
  endpointUrl: string;
  /** `s3://<bucket>/<prefix>/<project id>/`. */
  destination: string;
  /** `<prefix>/<project id>` (or just the id). */
  keyPrefix: string;
  credentials?: TS3Credentials;
}

export interface TS3ProjectSyncOptions extends Pick<TS3SyncOptions, 'multipartThresholdBytes' | 'concurrency' | 'signal' | 'onProgress'> {
  dryRun?: boolean;
  deleteRemoved?: boolean;
  /** A missing local project root gives the skipped result instead of an error. */
  allowMissingLocal?: boolean;
}

export const S3_NOT_ENABLED_MESSAGE = 'S3 storage is not enabled for this project';
export const S3_BUCKET_MISSING_MESSAGE = 'S3 bucket is not configured';
export const MISSING_LOCAL_ROOT_REASON = 'missing_local_project_root';

/**
 * Mirrors a project's folder to its S3 destination, with the original's prechecks in order (data.md §5.6):
 * S3 enabled, bucket set, local root exists (else the skipped result when allowed), root is a folder. The API
 * route, `kroma sync`, the post-run sync and the worker's `storage_sync` all call this.
 */
export async function syncProjectToS3(target: TS3ProjectTarget, options: TS3ProjectSyncOptions = {}): Promise<TS3SyncResult> {
  if (!target.enabled) throw validationError(S3_NOT_ENABLED_MESSAGE);
  const bucket = target.bucket.trim();
  if (bucket === '') throw validationError(S3_BUCKET_MISSING_MESSAGE);
  const dryRun = options.dryRun === true;
  const deleteRemoved = options.deleteRemoved === true;
  const base = {
    ok: true as const,
    project_slug: target.projectSlug,
    project_root: target.projectRoot,
    destination: target.destination,
    dry_run: dryRun,
    delete: deleteRemoved,
  };
  const root = await stat(target.projectRoot).catch(() => undefined);
  if (root === undefined) {
    if (options.allowMissingLocal !== true) throw validationError(`Local project root does not exist: ${target.projectRoot}`);
    return { ...base, skipped: true, reason: MISSING_LOCAL_ROOT_REASON, uploaded: [], unchanged: 0, deleted: [], bytes_uploaded: 0 };
  }
  if (!root.isDirectory()) throw validationError(`Local project root is not a directory: ${target.projectRoot}`);
  const report = await syncDirectoryToS3({
    localRoot: target.projectRoot,
    bucket,
    keyPrefix: target.keyPrefix,
    region: target.region,
    endpointUrl: target.endpointUrl,
    profile: target.profile,
    ...(target.credentials !== undefined && { credentials: target.credentials }),
    dryRun,
    deleteRemoved,
    multipartThresholdBytes: options.multipartThresholdBytes,
    concurrency: options.concurrency,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return {
    ...base,
    skipped: false,
    reason: '',
    uploaded: report.uploaded,
    unchanged: report.unchanged,
    deleted: report.deleted,
    bytes_uploaded: report.bytesUploaded,
  };
}

import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { digestFile, isNotFound, listLocalFiles, type TFileDigests, type TLocalFile } from './local-files.js';
import { listRemoteObjects, remoteSha256, type TRemoteObject } from './remote-objects.js';
import { runPool } from './run-pool.js';
import { createS3Client } from './s3-client.js';
import { toS3SyncError } from './s3-errors.js';
import { uploadFile } from './upload-file.js';

export interface TS3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface TS3SyncOptions {
  /** Absolute local folder to mirror. */
  localRoot: string;
  bucket: string;
  /** Key prefix without leading/trailing `/` (e.g. `iat-projects/<project id>`); '' for the bucket root. */
  keyPrefix: string;
  region?: string;
  /** S3-compatible stores (MinIO, s3rver): endpoint URL; path-style addressing is then used. */
  endpointUrl?: string;
  forcePathStyle?: boolean;
  /** Explicit credentials; absent → the AWS SDK's default chain (AWS_* variables, profile). */
  credentials?: TS3Credentials;
  profile?: string;
  dryRun?: boolean;
  /** Delete remote objects under the prefix that no longer exist locally. */
  deleteRemoved?: boolean;
  /** Files at least this large go up as multipart uploads (default 16 MiB). */
  multipartThresholdBytes?: number;
  /** Files handled at once (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, key: string) => void;
}

export interface TS3SyncReport {
  destination: string;
  /** Relative paths (with `/`) uploaded (or that would be, in a dry run). */
  uploaded: string[];
  unchanged: number;
  /** Relative paths deleted remotely (or that would be, in a dry run). */
  deleted: string[];
  /** Bytes of the uploaded files (or that would be, in a dry run). */
  bytesUploaded: number;
}

export const DEFAULT_MULTIPART_THRESHOLD_BYTES = 16 * 1024 * 1024;
const DEFAULT_CONCURRENCY = 4;

const trimSlashes = (value: string): string => value.trim().replace(/^\/+|\/+$/g, '');
const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Whether the remote copy differs. Same size and a single-part ETag equal to the local MD5 settle it without a
 * request; otherwise the SHA-256 an earlier upload stored decides, and an object without one is uploaded again
 * (once: the new copy carries it).
 */
async function differs(
  local: TLocalFile,
  digests: TFileDigests,
  remote: TRemoteObject | undefined,
  head: () => Promise<string | undefined>,
): Promise<boolean> {
  if (remote === undefined || remote.size !== local.size) return true;
  if (remote.etag === digests.md5) return false;
  const sha256 = await head();
  return sha256 !== digests.sha256;
}

/** Uploads every file under `localRoot` whose size or SHA-256 differs from the remote copy (errors name the cause). */
export async function syncDirectoryToS3(options: TS3SyncOptions): Promise<TS3SyncReport> {
  const { bucket, signal } = options;
  const keyPrefix = trimSlashes(options.keyPrefix);
  const listPrefix = keyPrefix === '' ? '' : `${keyPrefix}/`;
  const destination = `s3://${bucket}/${listPrefix}`;
  const dryRun = options.dryRun === true;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const multipartThresholdBytes = options.multipartThresholdBytes ?? DEFAULT_MULTIPART_THRESHOLD_BYTES;
  const client = createS3Client(options);
  const credentials = options.credentials;
  const errorContext = {
    bucket,
    endpointUrl: options.endpointUrl,
    secrets: [credentials?.secretAccessKey, credentials?.sessionToken, credentials?.accessKeyId],
  };
  try {
    const remote = await listRemoteObjects(client, bucket, listPrefix, signal);
    const local = await listLocalFiles(options.localRoot);
    const uploaded: string[] = [];
    let unchanged = 0;
    let bytesUploaded = 0;
    let done = 0;
    await runPool(local, concurrency, async (file) => {
      signal?.throwIfAborted();
      const key = `${listPrefix}${file.relPath}`;
      const digests = await digestFile(file.absPath).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
      const head = () => remoteSha256(client, bucket, key, signal);
      // No digests: removed since the walk (a run writing into the folder), so nothing to upload.
      if (digests !== undefined && (await differs(file, digests, remote.get(file.relPath), head))) {
        if (!dryRun) await uploadFile(file, digests.sha256, { client, bucket, key, multipartThresholdBytes, signal });
        uploaded.push(file.relPath);
        bytesUploaded += file.size;
      } else if (digests !== undefined) {
        unchanged += 1;
      }
      done += 1;
      options.onProgress?.(done, local.length, file.relPath);
    });
    const deleted: string[] = [];
    if (options.deleteRemoved === true) {
      const present = new Set(local.map((file) => file.relPath));
      const removed = [...remote.keys()].filter((relPath) => relPath !== '' && !relPath.endsWith('/') && !present.has(relPath));
      await runPool(removed, concurrency, async (relPath) => {
        signal?.throwIfAborted();
        if (!dryRun) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${listPrefix}${relPath}` }), { abortSignal: signal });
        deleted.push(relPath);
      });
    }
    return { destination, uploaded: uploaded.sort(byPath), unchanged, deleted: deleted.sort(byPath), bytesUploaded };
  } catch (error) {
    throw toS3SyncError(error, errorContext);
  } finally {
    client.destroy();
  }
}

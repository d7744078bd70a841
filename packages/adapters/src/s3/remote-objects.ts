import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** What a listing tells about one remote object. */
export interface TRemoteObject {
  size: number;
  /** Without quotes; `<md5>` for single-part uploads, `<hash>-<parts>` for multipart ones. */
  etag: string;
}

/** The metadata key holding the SHA-256 (hex) of an object's content, written on every upload. */
export const SHA256_METADATA_KEY = 'sha256';

/** Every object under `prefix` (`''` = the whole bucket), keyed by its key relative to the prefix. */
export async function listRemoteObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<Map<string, TRemoteObject>> {
  const objects = new Map<string, TRemoteObject>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, ...(prefix !== '' && { Prefix: prefix }), ContinuationToken: token }),
      { abortSignal: signal },
    );
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined || !object.Key.startsWith(prefix)) continue;
      objects.set(object.Key.slice(prefix.length), { size: object.Size ?? 0, etag: (object.ETag ?? '').replaceAll('"', '') });
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return objects;
}

/** The SHA-256 an earlier upload stored on the object, if any. */
export async function remoteSha256(client: S3Client, bucket: string, key: string, signal?: AbortSignal): Promise<string | undefined> {
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  return head.Metadata?.[SHA256_METADATA_KEY]?.toLowerCase() || undefined;
}

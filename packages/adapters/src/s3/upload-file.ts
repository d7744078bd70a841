import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { SHA256_METADATA_KEY } from './remote-objects.js';
import type { TLocalFile } from './local-files.js';

/** S3's smallest multipart part; lib-storage refuses less. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
/** S3's largest part count. */
const MAX_PARTS = 10_000;
/** Parts of one file in flight at once (each buffered in memory). */
const PARTS_IN_FLIGHT = 2;

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

const contentTypeOf = (path: string): string => CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

export interface TUploadTarget {
  client: S3Client;
  bucket: string;
  key: string;
  multipartThresholdBytes: number;
  signal?: AbortSignal;
}

/**
 * Streams one file up with its SHA-256 as object metadata: a single PUT below the threshold, a multipart upload
 * (parts of at least 5 MiB, a few in flight) from it on.
 */
export async function uploadFile(file: TLocalFile, sha256: string, target: TUploadTarget): Promise<void> {
  const { client, bucket, key, signal } = target;
  const params = {
    Bucket: bucket,
    Key: key,
    ContentType: contentTypeOf(file.relPath),
    Metadata: { [SHA256_METADATA_KEY]: sha256 },
  };
  if (file.size < target.multipartThresholdBytes) {
    const body = file.size === 0 ? Buffer.alloc(0) : createReadStream(file.absPath);
    await client.send(new PutObjectCommand({ ...params, Body: body, ContentLength: file.size }), { abortSignal: signal });
    return;
  }
  const abortController = new AbortController();
  const onAbort = () => abortController.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const upload = new Upload({
      client,
      params: { ...params, Body: createReadStream(file.absPath) },
      partSize: Math.max(MIN_PART_BYTES, Math.ceil(file.size / MAX_PARTS)),
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
      abortController,
    });
    await upload.done();
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

import { S3Client } from '@aws-sdk/client-s3';
import type { TS3SyncOptions } from './sync-directory.js';

/** Region when neither the settings nor the environment name one: S3-compatible stores ignore it. */
const FALLBACK_REGION = 'us-east-1';

/**
 * The client for one sync. Checksums only when an operation requires them: the SDK's default CRC32 trailers
 * corrupt uploads to S3-compatible stores such as s3rver. Path-style addressing whenever an endpoint is given.
 */
export function createS3Client(options: TS3SyncOptions): S3Client {
  const endpoint = options.endpointUrl?.trim() || undefined;
  const region =
    options.region?.trim() || process.env.AWS_REGION?.trim() || process.env.AWS_DEFAULT_REGION?.trim() || FALLBACK_REGION;
  return new S3Client({
    region,
    ...(endpoint !== undefined && { endpoint }),
    forcePathStyle: options.forcePathStyle ?? endpoint !== undefined,
    ...(options.credentials !== undefined && { credentials: options.credentials }),
    ...(options.profile?.trim() && { profile: options.profile.trim() }),
    followRegionRedirects: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

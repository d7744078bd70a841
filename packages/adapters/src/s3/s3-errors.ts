import { KromaError, validationError } from '@kroma/contract';

export const MISSING_CREDENTIALS_MESSAGE =
  "S3 credentials not found: set the project's aws secrets (access_key_id, secret_access_key) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";

/** What an error message may mention about where the sync went; `secrets` are scrubbed from every message. */
export interface TS3ErrorContext {
  bucket: string;
  endpointUrl?: string;
  secrets: (string | undefined)[];
}

const ACCESS_DENIED_CODES = new Set([
  'AccessDenied',
  'Forbidden',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'AllAccessDisabled',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);

interface TSdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  cause?: unknown;
}

const shapeOf = (error: unknown): TSdkErrorShape => (typeof error === 'object' && error !== null ? (error as TSdkErrorShape) : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The network error code of an error or of its causes (`ECONNREFUSED`, …), if it is one. */
function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth += 1) {
    const shape = shapeOf(current);
    const code = text(shape.code);
    if (NETWORK_CODES.has(code)) return code;
    if (text(shape.name) === 'TimeoutError') return 'timeout';
    current = shape.cause;
  }
  return undefined;
}

function scrub(message: string, secrets: TS3ErrorContext['secrets']): string {
  let clean = message.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  for (const secret of secrets) if (secret !== undefined && secret.length >= 4) clean = clean.split(secret).join('***');
  return clean;
}

/**
 * One clear message per way an S3 call fails (missing credentials, missing bucket, access denied, endpoint
 * unreachable), as a KromaError so the API, the CLI and the worker show it as is: no stack, no secret.
 */
export function toS3SyncError(error: unknown, context: TS3ErrorContext): KromaError {
  if (error instanceof KromaError) return error;
  const shape = shapeOf(error);
  const name = text(shape.name);
  const code = text(shape.code) || name;
  const status = shape.$metadata?.httpStatusCode;
  if (name === 'CredentialsProviderError') return validationError(MISSING_CREDENTIALS_MESSAGE);
  if (name === 'AbortError') return validationError('S3 sync aborted');
  if (code === 'NoSuchBucket') return validationError(`S3 bucket '${context.bucket}' does not exist`);
  if (ACCESS_DENIED_CODES.has(code) || status === 403) {
    return validationError(`S3 access denied to bucket '${context.bucket}' (${code || 'HTTP 403'}): check the credentials and the bucket policy`);
  }
  const network = networkCode(error);
  if (network !== undefined) {
    const where = context.endpointUrl?.trim() || 'the AWS S3 endpoint';
    return new KromaError('unavailable', scrub(`S3 endpoint unreachable: ${where} (${network})`, context.secrets));
  }
  const detail = scrub(text(shape.message) || String(error), context.secrets);
  return validationError(`S3 sync failed: ${code && !detail.startsWith(code) ? `${code}: ` : ''}${detail || 'unknown error'}`);
}

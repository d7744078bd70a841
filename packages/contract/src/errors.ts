import { z } from 'zod';

/** The one error shape on the wire: `{"ok":false,"error":"…"}`. */
export const ZErrorEnvelopeSchema = z.object({
  ok: z.literal(false),
  error: z.string(),
});
export type TErrorEnvelope = z.infer<typeof ZErrorEnvelopeSchema>;

export const ERROR_STATUS = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  internal: 500,
  unavailable: 503,
} as const;

export type TErrorKind = keyof typeof ERROR_STATUS;

/** An error whose message is safe to show a client verbatim. */
export class KromaError extends Error {
  override readonly name = 'KromaError';
  readonly kind: TErrorKind;

  constructor(kind: TErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }

  get status(): number {
    return ERROR_STATUS[this.kind];
  }
}

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

export const validationError = (message: string): KromaError => new KromaError('validation', message);
export const notFoundError = (message: string): KromaError => new KromaError('not_found', message);
export const conflictError = (message: string): KromaError => new KromaError('conflict', message);

export const isKromaError = (value: unknown): value is KromaError => value instanceof KromaError;

/**
 * The one normaliser from `unknown`: anything that is not a KromaError becomes an internal error whose
 * detail stays in `cause` (for the log), never in the message a client sees.
 */
export function toKromaError(value: unknown): KromaError {
  if (isKromaError(value)) return value;
  return new KromaError('internal', INTERNAL_ERROR_MESSAGE, { cause: value });
}

/** The one mapping to the wire. */
export function toErrorEnvelope(value: unknown): { status: number; body: TErrorEnvelope } {
  const error = toKromaError(value);
  return { status: error.status, body: { ok: false, error: error.message } };
}

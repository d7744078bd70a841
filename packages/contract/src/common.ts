import { z } from 'zod';
import { ZErrorEnvelopeSchema } from './errors.js';

/** Any JSON value (provider `config_json`, item `metadata_json`). */
export const ZJsonValueSchema: z.ZodType<unknown> = z.any().describe('any JSON value');
/** A JSON object column; stored text that fails to parse reads back as `{}`. */
export const ZJsonObjectSchema = z.record(z.string(), z.any()).describe('JSON object');

export const ZTimestampSchema = z.string().describe('UTC, second precision: YYYY-MM-DDTHH:MM:SSZ ("" when unset)');
export const ZNullableTimestampSchema = z.string().nullable();

/** Request text field: optional, `null` reads as absent; trimming and "required" checks happen in the handler. */
export const ZOptionalTextSchema = z.string().nullish();
export const ZOptionalBooleanSchema = z.boolean().nullish();
export const ZOptionalIntegerSchema = z.number().int().nullish();
export const ZOptionalStringListSchema = z.array(z.string()).nullish();

/** A body that may carry nothing: routes that still require a JSON object body (`{}`). */
export const ZEmptyBodySchema = z.object({}).passthrough();

/** `?limit=` — an integer; out-of-range values are clamped by the handler, never rejected. */
export const ZLimitQuerySchema = z.object({
  limit: z
    .string()
    .regex(/^[+-]?\d{1,18}$/, "Query parameter 'limit' must be an integer")
    .optional(),
});

export const ZDeletedSchema = z.object({ ok: z.literal(true), deleted: z.literal(true), id: z.string() });
export const ZAuditedSchema = z.object({ audit_id: z.string() });

/** Error responses shared by every route (all in the `{"ok":false,"error":"…"}` envelope). */
export const commonErrorResponses = {
  400: ZErrorEnvelopeSchema,
  401: ZErrorEnvelopeSchema,
  403: ZErrorEnvelopeSchema,
  404: ZErrorEnvelopeSchema,
  409: ZErrorEnvelopeSchema,
  413: ZErrorEnvelopeSchema,
  415: ZErrorEnvelopeSchema,
  422: ZErrorEnvelopeSchema,
  500: ZErrorEnvelopeSchema,
} as const;

export const PROJECT_PATH = '/api/projects/:slug';

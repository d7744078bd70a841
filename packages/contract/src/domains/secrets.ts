import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZOptionalTextSchema, ZTimestampSchema } from '../common.js';

/** Secret metadata; the value never leaves the server. */
export const ZSecretSchema = z.object({
  project_id: z.string(),
  provider_code: z.string(),
  secret_name: z.string(),
  has_value: z.boolean(),
  updated_at: ZTimestampSchema,
});
export type TSecret = z.infer<typeof ZSecretSchema>;

export const ZUpsertSecretBodySchema = z.object({
  provider_code: ZOptionalTextSchema,
  secret_name: ZOptionalTextSchema,
  secret_value: ZOptionalTextSchema,
});
export type TUpsertSecretBody = z.infer<typeof ZUpsertSecretBodySchema>;

export const secretsContract = c.router({
  listSecrets: {
    method: 'GET',
    path: `${PROJECT_PATH}/secrets`,
    responses: { 200: z.object({ ok: z.literal(true), count: z.number().int(), secrets: z.array(ZSecretSchema) }) },
    summary: 'Secret metadata (never values)',
  },
  upsertSecret: {
    method: 'POST',
    path: `${PROJECT_PATH}/secrets`,
    body: ZUpsertSecretBodySchema,
    responses: { 200: z.object({ ok: z.literal(true), secret: ZSecretSchema, audit_id: z.string() }) },
    summary: 'Store a secret (encrypted at rest)',
  },
  deleteSecret: {
    method: 'DELETE',
    path: `${PROJECT_PATH}/secrets/:providerCode/:secretName`,
    responses: { 200: z.object({ ok: z.literal(true), deleted: z.literal(true), audit_id: z.string() }) },
    summary: 'Delete a secret',
  },
});

import { z } from 'zod';
import { c } from '../builder.js';
import { ZNullableTimestampSchema, ZOptionalTextSchema, ZTimestampSchema } from '../common.js';

export const ZAuthTokenCreatedSchema = z.object({
  id: z.string(),
  token: z.string().describe('plaintext, shown once'),
  token_prefix: z.string(),
  label: z.string(),
  project_id: z.string().nullable(),
  created_at: ZTimestampSchema,
  expires_at: ZNullableTimestampSchema,
});
export type TAuthTokenCreated = z.infer<typeof ZAuthTokenCreatedSchema>;

export const ZAuthTokenSummarySchema = z.object({
  id: z.string(),
  user_id: z.string(),
  project_id: z.string().nullable(),
  token_prefix: z.string(),
  label: z.string(),
  expires_at: ZNullableTimestampSchema,
  revoked_at: ZNullableTimestampSchema,
  last_used_at: ZNullableTimestampSchema,
  created_at: ZTimestampSchema,
  active: z.boolean(),
});
export type TAuthTokenSummary = z.infer<typeof ZAuthTokenSummarySchema>;

export const ZCreateAuthTokenBodySchema = z.object({
  label: ZOptionalTextSchema,
  project_slug: ZOptionalTextSchema,
  expires_at: ZOptionalTextSchema.describe('RFC 3339 timestamp or YYYY-MM-DD (end of that day, UTC)'),
});
export type TCreateAuthTokenBody = z.infer<typeof ZCreateAuthTokenBodySchema>;

export const authContract = c.router({
  createToken: {
    method: 'POST',
    path: '/auth/token',
    body: ZCreateAuthTokenBodySchema,
    responses: { 200: z.object({ ok: z.literal(true), auth_token: ZAuthTokenCreatedSchema }) },
    summary: 'Mint an API token (plaintext returned once)',
  },
  listTokens: {
    method: 'GET',
    path: '/auth/tokens',
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), auth_tokens: z.array(ZAuthTokenSummarySchema) }),
    },
    summary: 'List all tokens (never their hashes)',
  },
  revokeToken: {
    method: 'DELETE',
    path: '/auth/tokens/:tokenId',
    responses: { 200: z.object({ ok: z.literal(true), deleted: z.literal(true), token_id: z.string() }) },
    summary: 'Revoke a token (idempotent)',
  },
});

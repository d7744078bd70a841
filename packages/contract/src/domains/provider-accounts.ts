import { z } from 'zod';
import { c } from '../builder.js';
import {
  PROJECT_PATH,
  ZJsonValueSchema,
  ZOptionalBooleanSchema,
  ZOptionalTextSchema,
  ZTimestampSchema,
} from '../common.js';

export const ZProviderAccountSchema = z.object({
  project_id: z.string(),
  provider_code: z.string(),
  display_name: z.string(),
  account_ref: z.string(),
  base_url: z.string(),
  enabled: z.boolean(),
  config_json: ZJsonValueSchema,
  created_at: ZTimestampSchema,
  updated_at: ZTimestampSchema,
});
export type TProviderAccount = z.infer<typeof ZProviderAccountSchema>;

export const ZProviderAccountBodySchema = z.object({
  provider_code: ZOptionalTextSchema,
  display_name: ZOptionalTextSchema,
  account_ref: ZOptionalTextSchema,
  base_url: ZOptionalTextSchema,
  enabled: ZOptionalBooleanSchema,
  config_json: ZJsonValueSchema.optional(),
});
export type TProviderAccountBody = z.infer<typeof ZProviderAccountBodySchema>;

const ZOneSchema = z.object({ ok: z.literal(true), provider_account: ZProviderAccountSchema });
const ITEM_PATH = `${PROJECT_PATH}/provider-accounts/:providerCode`;

export const providerAccountsContract = c.router({
  listProviderAccounts: {
    method: 'GET',
    path: `${PROJECT_PATH}/provider-accounts`,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), provider_accounts: z.array(ZProviderAccountSchema) }),
    },
    summary: 'Provider accounts by code',
  },
  upsertProviderAccount: {
    method: 'POST',
    path: `${PROJECT_PATH}/provider-accounts`,
    body: ZProviderAccountBodySchema,
    responses: { 200: ZOneSchema.extend({ audit_id: z.string() }) },
    summary: 'Create or fully replace a provider account',
  },
  getProviderAccount: { method: 'GET', path: ITEM_PATH, responses: { 200: ZOneSchema }, summary: 'One provider account' },
  updateProviderAccount: {
    method: 'PUT',
    path: ITEM_PATH,
    body: ZProviderAccountBodySchema.omit({ provider_code: true }),
    responses: { 200: ZOneSchema.extend({ audit_id: z.string() }) },
    summary: 'Change a provider account (partial)',
  },
  deleteProviderAccount: {
    method: 'DELETE',
    path: ITEM_PATH,
    responses: {
      200: z.object({
        ok: z.literal(true),
        deleted: z.literal(true),
        provider_code: z.string(),
        audit_id: z.string(),
      }),
    },
    summary: 'Delete a provider account',
  },
});

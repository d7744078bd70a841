import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZOptionalBooleanSchema, ZOptionalTextSchema } from '../common.js';
import { ZProjectRefSchema, ZStorageSchema } from './projects.js';

export const ZUpdateLocalStorageBodySchema = z.object({
  base_dir: ZOptionalTextSchema,
  project_root: ZOptionalTextSchema.describe('"" clears the override'),
});
export type TUpdateLocalStorageBody = z.infer<typeof ZUpdateLocalStorageBodySchema>;

export const ZUpdateS3StorageBodySchema = z.object({
  enabled: ZOptionalBooleanSchema,
  bucket: ZOptionalTextSchema,
  prefix: ZOptionalTextSchema,
  region: ZOptionalTextSchema,
  profile: ZOptionalTextSchema,
  endpoint_url: ZOptionalTextSchema,
});
export type TUpdateS3StorageBody = z.infer<typeof ZUpdateS3StorageBodySchema>;

const ZStorageResponseSchema = z.object({ ok: z.literal(true), project: ZProjectRefSchema, storage: ZStorageSchema });

export const ZSyncS3BodySchema = z.object({
  dry_run: ZOptionalBooleanSchema.describe('list what would be uploaded, upload nothing'),
  delete: ZOptionalBooleanSchema.describe('also delete remote objects that no longer exist locally'),
  allow_missing_local: ZOptionalBooleanSchema,
});
export type TSyncS3Body = z.infer<typeof ZSyncS3BodySchema>;

export const ZS3SyncResultSchema = z.object({
  ok: z.literal(true),
  project_slug: z.string(),
  project_root: z.string(),
  destination: z.string().describe('s3://bucket/prefix/<project id>/'),
  dry_run: z.boolean(),
  delete: z.boolean(),
  skipped: z.boolean(),
  reason: z.string(),
  uploaded: z.array(z.string()),
  unchanged: z.number().int(),
  deleted: z.array(z.string()),
  bytes_uploaded: z.number().int(),
});
export type TS3SyncResult = z.infer<typeof ZS3SyncResultSchema>;

export const storageContract = c.router({
  getStorage: {
    method: 'GET',
    path: `${PROJECT_PATH}/storage`,
    responses: { 200: ZStorageResponseSchema },
    summary: 'Resolved storage policy (local root, S3)',
  },
  updateLocalStorage: {
    method: 'PUT',
    path: `${PROJECT_PATH}/storage/local`,
    body: ZUpdateLocalStorageBodySchema,
    responses: { 200: ZStorageResponseSchema.extend({ updated: z.literal('local'), audit_id: z.string() }) },
    summary: 'Update the local storage policy',
  },
  updateS3Storage: {
    method: 'PUT',
    path: `${PROJECT_PATH}/storage/s3`,
    body: ZUpdateS3StorageBodySchema,
    responses: { 200: ZStorageResponseSchema.extend({ updated: z.literal('s3'), audit_id: z.string() }) },
    summary: 'Update the S3 storage policy',
  },
  syncS3: {
    method: 'POST',
    path: `${PROJECT_PATH}/storage/sync-s3`,
    body: ZSyncS3BodySchema,
    responses: { 200: ZS3SyncResultSchema },
    summary: 'Mirror the project folder to its S3 destination (only changed files; dry run lists them)',
  },
});

import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZJsonObjectSchema, ZLimitQuerySchema, ZTimestampSchema } from '../common.js';

export const ZAssetSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  kind: z.string(),
  asset_kind: z.string(),
  storage_uri: z.string(),
  rel_path: z.string(),
  storage_backend: z.string(),
  mime_type: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  sha256: z.string(),
  run_id: z.string(),
  job_id: z.string(),
  candidate_id: z.string(),
  metadata_json: ZJsonObjectSchema,
  created_at: ZTimestampSchema,
});
export type TAsset = z.infer<typeof ZAssetSchema>;

export const assetsContract = c.router({
  listAssets: {
    method: 'GET',
    path: `${PROJECT_PATH}/assets`,
    query: ZLimitQuerySchema,
    responses: { 200: z.object({ ok: z.literal(true), count: z.number().int(), assets: z.array(ZAssetSchema) }) },
    summary: 'Assets, newest first (limit default 500, clamped 1..2000)',
  },
  getAsset: {
    method: 'GET',
    path: `${PROJECT_PATH}/assets/:assetId`,
    responses: { 200: z.object({ ok: z.literal(true), asset: ZAssetSchema }) },
    summary: 'One asset',
  },
});

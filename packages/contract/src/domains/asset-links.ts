import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZDeletedSchema, ZOptionalTextSchema, ZTimestampSchema } from '../common.js';

export const ASSET_LINK_TYPES = ['derived_from', 'variant_of', 'mask_for', 'reference_of'] as const;
export type TAssetLinkType = (typeof ASSET_LINK_TYPES)[number];

export const ZAssetLinkSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  parent_asset_id: z.string(),
  child_asset_id: z.string(),
  link_type: z.string(),
  created_at: ZTimestampSchema,
  updated_at: ZTimestampSchema,
});
export type TAssetLink = z.infer<typeof ZAssetLinkSchema>;

export const ZAssetLinkBodySchema = z.object({
  parent_asset_id: ZOptionalTextSchema,
  child_asset_id: ZOptionalTextSchema,
  link_type: ZOptionalTextSchema.describe(ASSET_LINK_TYPES.join(' | ')),
});
export type TAssetLinkBody = z.infer<typeof ZAssetLinkBodySchema>;

const ZAssetLinkResponseSchema = z.object({ ok: z.literal(true), asset_link: ZAssetLinkSchema });
const LINK_PATH = `${PROJECT_PATH}/asset-links/:linkId`;

export const assetLinksContract = c.router({
  listAssetLinks: {
    method: 'GET',
    path: `${PROJECT_PATH}/asset-links`,
    query: z.object({ asset_id: z.string().optional(), link_type: z.string().optional() }),
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), asset_links: z.array(ZAssetLinkSchema) }),
    },
    summary: 'Asset links; asset_id matches either side',
  },
  createAssetLink: {
    method: 'POST',
    path: `${PROJECT_PATH}/asset-links`,
    body: ZAssetLinkBodySchema,
    responses: { 200: ZAssetLinkResponseSchema },
    summary: 'Link two assets of the project',
  },
  getAssetLink: { method: 'GET', path: LINK_PATH, responses: { 200: ZAssetLinkResponseSchema }, summary: 'One link' },
  updateAssetLink: {
    method: 'PUT',
    path: LINK_PATH,
    body: ZAssetLinkBodySchema,
    responses: { 200: ZAssetLinkResponseSchema },
    summary: 'Change a link (partial)',
  },
  deleteAssetLink: { method: 'DELETE', path: LINK_PATH, responses: { 200: ZDeletedSchema }, summary: 'Delete a link' },
});

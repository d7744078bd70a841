import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZDeletedSchema, ZOptionalTextSchema, ZTimestampSchema } from '../common.js';

export const ZStyleGuideSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  name: z.string(),
  instructions: z.string(),
  notes: z.string(),
  created_at: ZTimestampSchema,
  updated_at: ZTimestampSchema,
});
export type TStyleGuide = z.infer<typeof ZStyleGuideSchema>;

export const ZStyleGuideBodySchema = z.object({
  name: ZOptionalTextSchema,
  instructions: ZOptionalTextSchema,
  notes: ZOptionalTextSchema,
});
export type TStyleGuideBody = z.infer<typeof ZStyleGuideBodySchema>;

const ZOneSchema = z.object({ ok: z.literal(true), style_guide: ZStyleGuideSchema });
const ITEM_PATH = `${PROJECT_PATH}/style-guides/:styleGuideId`;

export const styleGuidesContract = c.router({
  listStyleGuides: {
    method: 'GET',
    path: `${PROJECT_PATH}/style-guides`,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), style_guides: z.array(ZStyleGuideSchema) }),
    },
    summary: 'Style guides, recently updated first',
  },
  createStyleGuide: {
    method: 'POST',
    path: `${PROJECT_PATH}/style-guides`,
    body: ZStyleGuideBodySchema,
    responses: { 200: ZOneSchema },
    summary: 'Create a style guide',
  },
  getStyleGuide: { method: 'GET', path: ITEM_PATH, responses: { 200: ZOneSchema }, summary: 'One style guide' },
  updateStyleGuide: {
    method: 'PUT',
    path: ITEM_PATH,
    body: ZStyleGuideBodySchema,
    responses: { 200: ZOneSchema },
    summary: 'Change a style guide (partial; "" clears notes)',
  },
  deleteStyleGuide: { method: 'DELETE', path: ITEM_PATH, responses: { 200: ZDeletedSchema }, summary: 'Delete' },
});

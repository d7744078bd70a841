import { z } from 'zod';
import { c } from '../builder.js';
import {
  PROJECT_PATH,
  ZDeletedSchema,
  ZJsonValueSchema,
  ZOptionalIntegerSchema,
  ZOptionalTextSchema,
  ZTimestampSchema,
} from '../common.js';

export const ZReferenceSetSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  name: z.string(),
  description: z.string(),
  created_at: ZTimestampSchema,
  updated_at: ZTimestampSchema,
});
export type TReferenceSet = z.infer<typeof ZReferenceSetSchema>;

export const ZReferenceSetItemSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  reference_set_id: z.string(),
  label: z.string(),
  content_uri: z.string(),
  content_text: z.string(),
  sort_order: z.number().int(),
  metadata_json: ZJsonValueSchema,
  created_at: ZTimestampSchema,
  updated_at: ZTimestampSchema,
});
export type TReferenceSetItem = z.infer<typeof ZReferenceSetItemSchema>;

export const ZReferenceSetBodySchema = z.object({ name: ZOptionalTextSchema, description: ZOptionalTextSchema });
export type TReferenceSetBody = z.infer<typeof ZReferenceSetBodySchema>;

export const ZReferenceSetItemBodySchema = z.object({
  label: ZOptionalTextSchema,
  content_uri: ZOptionalTextSchema,
  content_text: ZOptionalTextSchema,
  sort_order: ZOptionalIntegerSchema,
  metadata_json: ZJsonValueSchema.optional(),
});
export type TReferenceSetItemBody = z.infer<typeof ZReferenceSetItemBodySchema>;

const ZSetSchema = z.object({ ok: z.literal(true), reference_set: ZReferenceSetSchema });
const ZItemSchema = z.object({ ok: z.literal(true), item: ZReferenceSetItemSchema });
const SET_PATH = `${PROJECT_PATH}/reference-sets/:referenceSetId`;
const ITEM_PATH = `${SET_PATH}/items/:itemId`;

export const referenceSetsContract = c.router({
  listReferenceSets: {
    method: 'GET',
    path: `${PROJECT_PATH}/reference-sets`,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), reference_sets: z.array(ZReferenceSetSchema) }),
    },
    summary: 'Reference sets, recently updated first',
  },
  createReferenceSet: {
    method: 'POST',
    path: `${PROJECT_PATH}/reference-sets`,
    body: ZReferenceSetBodySchema,
    responses: { 200: ZSetSchema },
    summary: 'Create a reference set',
  },
  getReferenceSet: { method: 'GET', path: SET_PATH, responses: { 200: ZSetSchema }, summary: 'One reference set' },
  updateReferenceSet: {
    method: 'PUT',
    path: SET_PATH,
    body: ZReferenceSetBodySchema,
    responses: { 200: ZSetSchema },
    summary: 'Change a reference set (partial)',
  },
  deleteReferenceSet: {
    method: 'DELETE',
    path: SET_PATH,
    responses: { 200: ZDeletedSchema },
    summary: 'Delete a reference set and its items',
  },
  listReferenceSetItems: {
    method: 'GET',
    path: `${SET_PATH}/items`,
    responses: {
      200: z.object({
        ok: z.literal(true),
        reference_set_id: z.string(),
        count: z.number().int(),
        items: z.array(ZReferenceSetItemSchema),
      }),
    },
    summary: 'Items of a set by sort_order',
  },
  createReferenceSetItem: {
    method: 'POST',
    path: `${SET_PATH}/items`,
    body: ZReferenceSetItemBodySchema,
    responses: { 200: ZItemSchema },
    summary: 'Add an item (content_uri and/or content_text)',
  },
  getReferenceSetItem: { method: 'GET', path: ITEM_PATH, responses: { 200: ZItemSchema }, summary: 'One item' },
  updateReferenceSetItem: {
    method: 'PUT',
    path: ITEM_PATH,
    body: ZReferenceSetItemBodySchema,
    responses: { 200: ZItemSchema },
    summary: 'Change an item (partial)',
  },
  deleteReferenceSetItem: { method: 'DELETE', path: ITEM_PATH, responses: { 200: ZDeletedSchema }, summary: 'Delete' },
});

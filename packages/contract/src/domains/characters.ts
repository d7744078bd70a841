import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZDeletedSchema, ZOptionalTextSchema, ZTimestampSchema } from '../common.js';

export const ZCharacterSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  name: z.string(),
  description: z.string(),
  prompt_text: z.string(),
  created_at: ZTimestampSchema,
  updated_at: ZTimestampSchema,
});
export type TCharacter = z.infer<typeof ZCharacterSchema>;

export const ZCharacterBodySchema = z.object({
  name: ZOptionalTextSchema,
  description: ZOptionalTextSchema,
  prompt_text: ZOptionalTextSchema,
});
export type TCharacterBody = z.infer<typeof ZCharacterBodySchema>;

const ZOneSchema = z.object({ ok: z.literal(true), character: ZCharacterSchema });
const ITEM_PATH = `${PROJECT_PATH}/characters/:characterId`;

export const charactersContract = c.router({
  listCharacters: {
    method: 'GET',
    path: `${PROJECT_PATH}/characters`,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), characters: z.array(ZCharacterSchema) }),
    },
    summary: 'Characters, recently updated first',
  },
  createCharacter: {
    method: 'POST',
    path: `${PROJECT_PATH}/characters`,
    body: ZCharacterBodySchema,
    responses: { 200: ZOneSchema },
    summary: 'Create a character card',
  },
  getCharacter: { method: 'GET', path: ITEM_PATH, responses: { 200: ZOneSchema }, summary: 'One character' },
  updateCharacter: {
    method: 'PUT',
    path: ITEM_PATH,
    body: ZCharacterBodySchema,
    responses: { 200: ZOneSchema },
    summary: 'Change a character (partial; "" clears optional texts)',
  },
  deleteCharacter: { method: 'DELETE', path: ITEM_PATH, responses: { 200: ZDeletedSchema }, summary: 'Delete' },
});

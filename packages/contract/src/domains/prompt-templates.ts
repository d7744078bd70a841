import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZDeletedSchema, ZOptionalTextSchema, ZTimestampSchema } from '../common.js';

export const ZPromptTemplateSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  name: z.string(),
  template_text: z.string(),
  created_at: ZTimestampSchema,
  updated_at: ZTimestampSchema,
});
export type TPromptTemplate = z.infer<typeof ZPromptTemplateSchema>;

export const ZPromptTemplateBodySchema = z.object({ name: ZOptionalTextSchema, template_text: ZOptionalTextSchema });
export type TPromptTemplateBody = z.infer<typeof ZPromptTemplateBodySchema>;

const ZOneSchema = z.object({ ok: z.literal(true), prompt_template: ZPromptTemplateSchema });
const ITEM_PATH = `${PROJECT_PATH}/prompt-templates/:templateId`;

export const promptTemplatesContract = c.router({
  listPromptTemplates: {
    method: 'GET',
    path: `${PROJECT_PATH}/prompt-templates`,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), prompt_templates: z.array(ZPromptTemplateSchema) }),
    },
    summary: 'Prompt templates, recently updated first',
  },
  createPromptTemplate: {
    method: 'POST',
    path: `${PROJECT_PATH}/prompt-templates`,
    body: ZPromptTemplateBodySchema,
    responses: { 200: ZOneSchema },
    summary: 'Create a prompt template (name unique per project)',
  },
  getPromptTemplate: { method: 'GET', path: ITEM_PATH, responses: { 200: ZOneSchema }, summary: 'One prompt template' },
  updatePromptTemplate: {
    method: 'PUT',
    path: ITEM_PATH,
    body: ZPromptTemplateBodySchema,
    responses: { 200: ZOneSchema },
    summary: 'Change a prompt template (partial)',
  },
  deletePromptTemplate: {
    method: 'DELETE',
    path: ITEM_PATH,
    responses: { 200: ZDeletedSchema },
    summary: 'Delete a prompt template',
  },
});

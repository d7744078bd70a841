import type { TPromptTemplate, TPromptTemplateBody } from '@kroma/contract';
import type { KromaStore } from '../store.js';
import { toPromptTemplate } from './mappers.js';
import { namedEntityRepository } from './named-entities.js';

const promptTemplates = namedEntityRepository({
  table: 'prompt_templates',
  required: ['name', 'template_text'],
  optional: [],
  notFound: 'Prompt template not found',
  duplicateName: 'Prompt template name already exists',
  toWire: toPromptTemplate,
});

export const listPromptTemplates = (store: KromaStore, slug: string): Promise<TPromptTemplate[]> =>
  promptTemplates.list(store, slug);

export const createPromptTemplate = (store: KromaStore, slug: string, body: TPromptTemplateBody): Promise<TPromptTemplate> =>
  promptTemplates.create(store, slug, body);

export const getPromptTemplate = (store: KromaStore, slug: string, id: string): Promise<TPromptTemplate> =>
  promptTemplates.get(store, slug, id);

export const updatePromptTemplate = (
  store: KromaStore,
  slug: string,
  id: string,
  body: TPromptTemplateBody,
): Promise<TPromptTemplate> => promptTemplates.update(store, slug, id, body);

/** Returns the deleted id. */
export const deletePromptTemplate = (store: KromaStore, slug: string, id: string): Promise<string> =>
  promptTemplates.remove(store, slug, id);

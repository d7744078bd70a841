import { kromaContract } from '@kroma/contract';
import {
  createPromptTemplate,
  deletePromptTemplate,
  getPromptTemplate,
  listPromptTemplates,
  updatePromptTemplate,
} from '@kroma/db';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const promptTemplatesRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.promptTemplates, {
    listPromptTemplates: async ({ params }) => {
      const templates = await listPromptTemplates(store, params.slug);
      return ok({ count: templates.length, prompt_templates: templates });
    },
    createPromptTemplate: async ({ params, body }) =>
      ok({ prompt_template: await createPromptTemplate(store, params.slug, body) }),
    getPromptTemplate: async ({ params }) =>
      ok({ prompt_template: await getPromptTemplate(store, params.slug, params.templateId) }),
    updatePromptTemplate: async ({ params, body }) =>
      ok({ prompt_template: await updatePromptTemplate(store, params.slug, params.templateId, body) }),
    deletePromptTemplate: async ({ params }) =>
      ok({ deleted: true as const, id: await deletePromptTemplate(store, params.slug, params.templateId) }),
  });

import { kromaContract } from '@kroma/contract';
import { createStyleGuide, deleteStyleGuide, getStyleGuide, listStyleGuides, updateStyleGuide } from '@kroma/db';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const styleGuidesRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.styleGuides, {
    listStyleGuides: async ({ params }) => {
      const guides = await listStyleGuides(store, params.slug);
      return ok({ count: guides.length, style_guides: guides });
    },
    createStyleGuide: async ({ params, body }) => ok({ style_guide: await createStyleGuide(store, params.slug, body) }),
    getStyleGuide: async ({ params }) => ok({ style_guide: await getStyleGuide(store, params.slug, params.styleGuideId) }),
    updateStyleGuide: async ({ params, body }) =>
      ok({ style_guide: await updateStyleGuide(store, params.slug, params.styleGuideId, body) }),
    deleteStyleGuide: async ({ params }) =>
      ok({ deleted: true as const, id: await deleteStyleGuide(store, params.slug, params.styleGuideId) }),
  });

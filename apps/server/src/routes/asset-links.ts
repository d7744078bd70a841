import { kromaContract } from '@kroma/contract';
import { createAssetLink, deleteAssetLink, getAssetLink, listAssetLinks, updateAssetLink } from '@kroma/db';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const assetLinksRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.assetLinks, {
    listAssetLinks: async ({ params, query }) => {
      const links = await listAssetLinks(store, params.slug, query);
      return ok({ count: links.length, asset_links: links });
    },
    createAssetLink: async ({ params, body }) => ok({ asset_link: await createAssetLink(store, params.slug, body) }),
    getAssetLink: async ({ params }) => ok({ asset_link: await getAssetLink(store, params.slug, params.linkId) }),
    updateAssetLink: async ({ params, body }) =>
      ok({ asset_link: await updateAssetLink(store, params.slug, params.linkId, body) }),
    deleteAssetLink: async ({ params }) =>
      ok({ deleted: true as const, id: await deleteAssetLink(store, params.slug, params.linkId) }),
  });

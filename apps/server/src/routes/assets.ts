import { kromaContract } from '@kroma/contract';
import { getAsset, listAssets } from '@kroma/db';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const assetsRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.assets, {
    listAssets: async ({ params, query }) => {
      const assets = await listAssets(store, params.slug, query.limit);
      return ok({ count: assets.length, assets });
    },
    getAsset: async ({ params }) => ok({ asset: await getAsset(store, params.slug, params.assetId) }),
  });

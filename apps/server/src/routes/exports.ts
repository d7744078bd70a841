import { kromaContract } from '@kroma/contract';
import { getExport, listExports } from '@kroma/db';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const exportsRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.exports, {
    listExports: async ({ params, query }) => {
      const exports = await listExports(store, params.slug, query.limit);
      return ok({ count: exports.length, exports });
    },
    getExport: async ({ params }) => ok({ export: await getExport(store, params.slug, params.exportId) }),
  });

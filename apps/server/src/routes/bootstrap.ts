import { exportBootstrapPrompt, importBootstrap } from '@kroma/bootstrap';
import { kromaContract } from '@kroma/contract';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

/** Not audited (the original writes no audit event for bootstrap). */
export const bootstrapRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.bootstrap, {
    getBootstrapPrompt: async ({ params }) => ok({ bootstrap: await exportBootstrapPrompt(store, params.slug) }),
    importBootstrap: async ({ params, body }) =>
      ok({ bootstrap_import: await importBootstrap(store, params.slug, body) }),
  });

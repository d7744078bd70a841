import { kromaContract } from '@kroma/contract';
import { getProjectStorage, updateLocalStorage, updateS3Storage } from '@kroma/db';
import { requestAuth } from '../http/auth.js';
import { ok } from '../http/respond.js';
import { syncProjectStorage } from '../storage/project-s3-sync.js';
import { s, type TServerDeps } from './deps.js';

export const storageRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.storage, {
    getStorage: async ({ params }) => ok(await getProjectStorage(store, params.slug)),
    updateLocalStorage: async ({ params, body, req }) => {
      const { project, storage, auditId } = await updateLocalStorage(store, requestAuth(req).actor, params.slug, body);
      return ok({ project, storage, updated: 'local' as const, audit_id: auditId });
    },
    updateS3Storage: async ({ params, body, req }) => {
      const { project, storage, auditId } = await updateS3Storage(store, requestAuth(req).actor, params.slug, body);
      return ok({ project, storage, updated: 's3' as const, audit_id: auditId });
    },
    syncS3: async ({ params, body }) =>
      ok(
        await syncProjectStorage(store, params.slug, {
          dryRun: body.dry_run === true,
          deleteRemoved: body.delete === true,
          allowMissingLocal: body.allow_missing_local === true,
        }),
      ),
  });

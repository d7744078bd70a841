import { kromaContract } from '@kroma/contract';
import { deleteSecret, listSecrets, upsertSecret } from '@kroma/db';
import { requestAuth } from '../http/auth.js';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const secretsRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.secrets, {
    listSecrets: async ({ params }) => {
      const secrets = await listSecrets(store, params.slug);
      return ok({ count: secrets.length, secrets });
    },
    upsertSecret: async ({ params, body, req }) => {
      const { secret, auditId } = await upsertSecret(store, requestAuth(req).actor, params.slug, body);
      return ok({ secret, audit_id: auditId });
    },
    deleteSecret: async ({ params, req }) => {
      const actor = requestAuth(req).actor;
      const { auditId } = await deleteSecret(store, actor, params.slug, params.providerCode, params.secretName);
      return ok({ deleted: true as const, audit_id: auditId });
    },
  });

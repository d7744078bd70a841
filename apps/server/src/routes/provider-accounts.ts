import { kromaContract } from '@kroma/contract';
import {
  deleteProviderAccount,
  getProviderAccount,
  listProviderAccounts,
  updateProviderAccount,
  upsertProviderAccount,
} from '@kroma/db';
import { requestAuth } from '../http/auth.js';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const providerAccountsRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.providerAccounts, {
    listProviderAccounts: async ({ params }) => {
      const accounts = await listProviderAccounts(store, params.slug);
      return ok({ count: accounts.length, provider_accounts: accounts });
    },
    upsertProviderAccount: async ({ params, body, req }) => {
      const { providerAccount, auditId } = await upsertProviderAccount(store, requestAuth(req).actor, params.slug, body);
      return ok({ provider_account: providerAccount, audit_id: auditId });
    },
    getProviderAccount: async ({ params }) =>
      ok({ provider_account: await getProviderAccount(store, params.slug, params.providerCode) }),
    updateProviderAccount: async ({ params, body, req }) => {
      const { providerAccount, auditId } = await updateProviderAccount(
        store,
        requestAuth(req).actor,
        params.slug,
        params.providerCode,
        body,
      );
      return ok({ provider_account: providerAccount, audit_id: auditId });
    },
    deleteProviderAccount: async ({ params, req }) => {
      const { providerCode, auditId } = await deleteProviderAccount(
        store,
        requestAuth(req).actor,
        params.slug,
        params.providerCode,
      );
      return ok({ deleted: true as const, provider_code: providerCode, audit_id: auditId });
    },
  });

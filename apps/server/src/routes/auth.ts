import { kromaContract } from '@kroma/contract';
import { createAuthToken, listAuthTokens, revokeAuthToken } from '@kroma/db';
import { requestAuth } from '../http/auth.js';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const authRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.auth, {
    createToken: async ({ body, req }) => {
      const onlyIfNoActiveTokens = requestAuth(req).firstTokenBootstrap === true;
      return ok({ auth_token: await createAuthToken(store, body, { onlyIfNoActiveTokens }) });
    },
    listTokens: async () => {
      const tokens = await listAuthTokens(store);
      return ok({ count: tokens.length, auth_tokens: tokens });
    },
    revokeToken: async ({ params }) => ok({ deleted: true as const, token_id: await revokeAuthToken(store, params.tokenId) }),
  });

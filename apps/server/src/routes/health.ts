import { kromaContract, listContractRoutes } from '@kroma/contract';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

const ROUTE_COUNT = listContractRoutes().length;

export const healthRoutes = (deps: TServerDeps) =>
  s.router(kromaContract.health, {
    health: async () =>
      ok({
        status: 'ok' as const,
        service: 'kroma-backend-core' as const,
        version: deps.version,
        started_unix_ms: deps.startedAtMs,
        route_count: ROUTE_COUNT,
      }),
  });

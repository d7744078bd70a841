import { KromaError, kromaContract } from '@kroma/contract';
import type { AppRouteImplementation } from '@ts-rest/express';
import type { TServerDeps } from './deps.js';

/** `POST …/runs/validate-config`, kept apart from the other run routes. */
export const validateConfigHandler =
  (_deps: TServerDeps): AppRouteImplementation<typeof kromaContract.runs.validateConfig> =>
  async () => {
    throw new KromaError('internal', 'Route validateConfig is not implemented yet');
  };

import { kromaContract } from '@kroma/contract';
import type { KromaStore } from '@kroma/db';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { authMiddleware, type TAuthOptions } from './http/auth.js';
import { errorHandler, toHttpError } from './http/errors.js';
import { routeFallback } from './http/fallback.js';
import { jsonBody } from './http/json-body.js';
import { requestLog } from './http/request-log.js';
import { dispatchByRouteKey } from './http/route-dispatch.js';
import { buildOpenApiDocument, OPENAPI_PATH } from './openapi.js';
import { createRoutes } from './routes/index.js';
import type { TServerDeps } from './routes/deps.js';
import { RunService } from './runs/run-service.js';

export interface TAppOptions {
  store: KromaStore;
  logger: Logger;
  auth: TAuthOptions;
  version: string;
  startedAtMs?: number;
  /**
   * Executes and tracks runs. Default: a service over `store` reading `process.env`, without startup recovery or
   * shutdown (startServer wires both).
   */
  runs?: RunService;
  /** Check every response against the contract (tests). */
  responseValidation?: boolean;
}

export function createApp(options: TAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('strict routing', true);
  app.set('case sensitive routing', true);
  app.set('query parser', 'simple');
  app.set('etag', false);

  const deps: TServerDeps = {
    store: options.store,
    startedAtMs: options.startedAtMs ?? Date.now(),
    version: options.version,
    runs: options.runs ?? new RunService({ store: options.store, env: process.env, logger: options.logger }),
  };
  // Built on first request: generating it allocates ~20 MB of transient heap that a server need not carry.
  let openApiJson: string | undefined;

  app.use(requestLog(options.logger));
  app.use(authMiddleware(options.store, options.auth));
  app.get(OPENAPI_PATH, (_req, res) => {
    openApiJson ??= JSON.stringify(buildOpenApiDocument(options.version));
    res.type('application/json').send(openApiJson);
  });
  app.use(
    dispatchByRouteKey(kromaContract, createRoutes(deps) as never, {
      logInitialization: false,
      responseValidation: options.responseValidation ?? false,
      globalMiddleware: [jsonBody],
      requestValidationErrorHandler: (error, _req, _res, next) => next(toHttpError(error)),
    }),
  );
  app.use(routeFallback([{ method: 'GET', path: OPENAPI_PATH }]));
  app.use(errorHandler(options.logger));
  return app;
}

import type { AppRoute, AppRouter } from '@ts-rest/core';
import { createExpressEndpoints, type RequestValidationError } from '@ts-rest/express';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

export interface TEndpointOptions {
  logInitialization: boolean;
  responseValidation: boolean;
  globalMiddleware: RequestHandler[];
  requestValidationErrorHandler: (error: RequestValidationError, req: Request, res: Response, next: NextFunction) => void;
}
type TImplementations = Record<string, Record<string, unknown>>;

/**
 * The routing key of a path: its first segment, or for `/api/projects/<slug>/<area>/…` the area. Contract paths
 * (with `:params`) and request paths give the same key.
 */
export function routeKey(path: string): string {
  const parts = path.split('/');
  if (parts[1] === 'api' && parts[2] === 'projects') return parts.length > 4 ? `projects/${parts[4]}` : 'projects';
  return parts[1] ?? '';
}

/**
 * Express tries every registered route's pattern in turn, so with 72 routes a late one paid for ~60 regex tests
 * on each request. The routes are grouped into one small router per routing key, and one map lookup picks the
 * router.
 */
export function dispatchByRouteKey(
  contract: Record<string, AppRouter>,
  implementations: TImplementations,
  options: TEndpointOptions,
): RequestHandler {
  const groups = new Map<string, { contract: Record<string, AppRoute>; implementation: Record<string, unknown> }>();
  for (const [domain, router] of Object.entries(contract)) {
    for (const [name, route] of Object.entries(router as Record<string, AppRoute>)) {
      const key = routeKey(route.path);
      const group = groups.get(key) ?? { contract: {}, implementation: {} };
      group.contract[`${domain}.${name}`] = route;
      group.implementation[`${domain}.${name}`] = implementations[domain]?.[name];
      groups.set(key, group);
    }
  }
  const routers = new Map<string, express.Router>();
  for (const [key, group] of groups) {
    const router = express.Router({ strict: true, caseSensitive: true });
    createExpressEndpoints(group.contract, group.implementation as never, router, options as never);
    routers.set(key, router);
  }
  return (req, res, next) => {
    // Express routers would answer OPTIONS themselves (200, text/html); let the fallback answer 405 + Allow.
    if (req.method === 'OPTIONS') return next();
    const router = routers.get(routeKey(req.path));
    if (router) router(req, res, next);
    else next();
  };
}

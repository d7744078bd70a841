import { KromaError, listContractRoutes } from '@kroma/contract';
import type { RequestHandler } from 'express';

interface CompiledRoute {
  method: string;
  pattern: RegExp;
}

const compile = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`);

/**
 * After every route: a known path with another method is 405 with `Allow`, anything else 404, both in the
 * JSON envelope (the original answered with empty bodies).
 */
export function routeFallback(extraRoutes: Array<{ method: string; path: string }> = []): RequestHandler {
  const routes: CompiledRoute[] = [...listContractRoutes(), ...extraRoutes].map((r) => ({
    method: r.method,
    pattern: compile(r.path),
  }));
  return (req, res, next) => {
    const allowed = routes.filter((r) => r.pattern.test(req.path)).map((r) => r.method);
    if (allowed.length === 0) {
      return next(new KromaError('not_found', `No route for ${req.method} ${req.path}`));
    }
    if (allowed.includes('GET')) allowed.push('HEAD');
    res.setHeader('Allow', [...new Set(allowed)].join(', '));
    return next(new KromaError('method_not_allowed', `Method ${req.method} is not allowed on ${req.path}`));
  };
}

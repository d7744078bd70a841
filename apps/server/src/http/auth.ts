import { KromaError } from '@kroma/contract';
import { authenticateToken, checkProjectAccess, MISSING_BEARER_TOKEN, type KromaStore, type TActor, type TTokenPrincipal } from '@kroma/db';
import type { Request, RequestHandler } from 'express';

export interface TAuthOptions {
  enforced: boolean;
  /** Unauthenticated `POST /auth/token` may mint the very first token (loopback binds only). */
  firstTokenBootstrap: boolean;
}

export interface TRequestAuth {
  actor: TActor;
  principal?: TTokenPrincipal;
  /** This request may mint the first token without presenting one. */
  firstTokenBootstrap?: boolean;
}

const PUBLIC_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Beyond the original's rules: the instruction queue and worker routes (`/api/agent/…`) always need a token. */
const AGENT_QUEUE_PREFIX = '/api/agent/';
export const QUEUE_NEEDS_UNSCOPED_TOKEN = 'The instruction queue needs a token that is not scoped to one project';
const PROJECT_ROUTE = /^\/api\/projects\/([^/]+)/;

const ANONYMOUS: TRequestAuth = Object.freeze({ actor: Object.freeze({ userId: null }) });

export const requestAuth = (req: Request): TRequestAuth => (req.res?.locals.auth as TRequestAuth | undefined) ?? ANONYMOUS;

function bearerToken(header: string | undefined): string | undefined {
  const match = /^\s*(\S+)\s+(.*)$/.exec(header ?? '');
  if (!match || match[1]?.toLowerCase() !== 'bearer') return undefined;
  const token = match[2]?.trim();
  return token ? token : undefined;
}

const safeDecode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/** The original's rules: only `GET /health` and `GET /api/projects` (and the API document) stay public. */
export function authMiddleware(store: KromaStore, options: TAuthOptions): RequestHandler {
  return (req, res, next) => {
    if (!options.enforced) return next();
    const projectSegment = PROJECT_ROUTE.exec(req.path)?.[1];
    const queueRoute = req.path.startsWith(AGENT_QUEUE_PREFIX);
    const needsToken =
      req.path.startsWith('/auth/') || queueRoute || !PUBLIC_METHODS.has(req.method) || projectSegment !== undefined;
    if (!needsToken) return next();
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      if (options.firstTokenBootstrap && req.method === 'POST' && req.path === '/auth/token' && !req.headers.authorization) {
        res.locals.auth = { actor: { userId: null }, firstTokenBootstrap: true } satisfies TRequestAuth;
        return next();
      }
      return next(new KromaError('unauthorized', MISSING_BEARER_TOKEN));
    }
    (async () => {
      let principal: TTokenPrincipal | undefined;
      try {
        principal = await authenticateToken(store, token);
      } catch (error) {
        throw new KromaError('unauthorized', 'Token validation failed', { cause: error });
      }
      if (!principal) throw new KromaError('unauthorized', 'Invalid or expired token');
      // The worker queue spans every project: a token scoped to one project must not claim (or pause) the rest.
      if (queueRoute && principal.projectId !== null) throw new KromaError('forbidden', QUEUE_NEEDS_UNSCOPED_TOKEN);
      if (projectSegment !== undefined) {
        const slug = safeDecode(projectSegment);
        let access: Awaited<ReturnType<typeof checkProjectAccess>> = 'check_failed';
        if (slug !== undefined) {
          try {
            access = await checkProjectAccess(store, slug, principal);
          } catch {
            access = 'check_failed';
          }
        }
        if (access === 'denied') throw new KromaError('forbidden', 'Token is not authorized for this project');
        if (access === 'check_failed') throw new KromaError('forbidden', 'Project access check failed');
      }
      res.locals.auth = { actor: { userId: principal.userId }, principal } satisfies TRequestAuth;
    })().then(() => next(), next);
  };
}

import { KromaError } from '@kroma/contract';
import { isAppRouteNoBody, type AppRoute } from '@ts-rest/core';
import express, { type Request, type RequestHandler } from 'express';

export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;
const JSON_TYPES = ['application/json', 'application/*+json'];

const NO_DOCUMENT = 'Request body must be a JSON document (send {} when there is nothing to say)';

const parseJson = express.json({ limit: BODY_LIMIT_BYTES, strict: false, type: () => true });

/** ts-rest puts the matched contract route on the request before the global middleware runs. */
const bodylessRoute = (req: Request): boolean => {
  const route = (req as Request & { tsRestRoute?: AppRoute }).tsRestRoute;
  return route !== undefined && 'body' in route && isAppRouteNoBody(route.body);
};

/**
 * Runs after a route matched (unknown paths stay 404): routes that read a body need a JSON content type (415)
 * and a JSON document (400; send `{}` when there is nothing to say). Types are checked later (422). Routes the
 * contract declares without a body accept any request.
 */
export const jsonBody: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') return next();
  // Routes declared without a body (`POST …/runs/{runId}/cancel`) ignore whatever was sent.
  if (bodylessRoute(req)) return next();
  if (!req.is(JSON_TYPES)) {
    return next(new KromaError('unsupported_media_type', "Content-Type must be 'application/json'"));
  }
  // body-parser reads an empty body as `{}`; an empty body is refused like malformed JSON instead.
  if (req.headers['content-length'] === '0') return next(new KromaError('validation', NO_DOCUMENT));
  parseJson(req, res, (error?: unknown) => {
    if (error) return next(error);
    if (!(req as { _body?: boolean })._body) return next(new KromaError('validation', NO_DOCUMENT));
    next();
  });
};

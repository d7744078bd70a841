import { KromaError } from '@kroma/contract';
import express, { type RequestHandler } from 'express';

export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;
const JSON_TYPES = ['application/json', 'application/*+json'];

const EMPTY_BODY = Symbol('emptyBody');
type BodyRequest = { _body?: boolean; [EMPTY_BODY]?: boolean };

const parseJson = express.json({
  limit: BODY_LIMIT_BYTES,
  strict: false,
  type: () => true,
  // body-parser reads an empty body as `{}`; remember it was empty so it can be refused like malformed JSON.
  verify: (req, _res, buffer) => {
    (req as BodyRequest)[EMPTY_BODY] = buffer.length === 0;
  },
});

/**
 * Runs after a route matched (unknown paths stay 404): routes that read a body need a JSON content type (415)
 * and a JSON document (400; send `{}` when there is nothing to say). Types are checked later (422).
 */
export const jsonBody: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') return next();
  if (!req.is(JSON_TYPES)) {
    return next(new KromaError('unsupported_media_type', "Content-Type must be 'application/json'"));
  }
  parseJson(req, res, (error?: unknown) => {
    if (error) return next(error);
    const parsed = req as BodyRequest;
    if (!parsed._body || parsed[EMPTY_BODY]) {
      return next(new KromaError('validation', 'Request body must be a JSON document (send {} when there is nothing to say)'));
    }
    next();
  });
};

import { KromaError, toErrorEnvelope, toKromaError } from '@kroma/contract';
import { RequestValidationError } from '@ts-rest/express';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ZodError, ZodIssue } from 'zod';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'a JSON object',
  array: 'an array',
};

function describeIssue(issue: ZodIssue): string {
  const field = issue.path.join('.');
  if (issue.code === 'invalid_type' && issue.path.length === 0) return 'Request body must be a JSON object';
  if (issue.code === 'invalid_type') return `Field '${field}' must be ${EXPECTED[issue.expected] ?? issue.expected}`;
  if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'not_multiple_of') {
    return `Field '${field}' is out of range: ${issue.message}`;
  }
  return field ? `Field '${field}': ${issue.message}` : issue.message;
}

const firstIssue = (error: ZodError): string => describeIssue(error.issues[0] as ZodIssue);

/** Query problems are 400; well-formed JSON of the wrong shape is 422 (as the original's framework answered). */
export function requestValidationToKromaError(error: RequestValidationError): KromaError {
  if (error.query) {
    const issue = error.query.issues[0] as ZodIssue;
    const message = issue.code === 'invalid_string' ? issue.message : describeIssue(issue).replace(/^Field /, 'Query parameter ');
    return new KromaError('validation', message);
  }
  if (error.pathParams) return new KromaError('validation', firstIssue(error.pathParams));
  if (error.body) return new KromaError('unprocessable', firstIssue(error.body));
  return new KromaError('validation', 'Invalid request');
}

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/** body-parser's errors, in words a client can act on. */
function bodyParserToKromaError(error: BodyParserError): KromaError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new KromaError('payload_too_large', 'Request body is larger than the 2 MiB limit');
    case 'entity.parse.failed':
      return new KromaError('validation', `Request body is not valid JSON: ${error.message ?? 'parse error'}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new KromaError('unsupported_media_type', error.message ?? 'Unsupported request body encoding');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new KromaError('validation', error.message ?? 'Could not read the request body');
    default:
      return undefined;
  }
}

export function toHttpError(error: unknown): KromaError {
  if (error instanceof RequestValidationError) return requestValidationToKromaError(error);
  if (error && typeof error === 'object' && 'type' in error) {
    const mapped = bodyParserToKromaError(error as BodyParserError);
    if (mapped) return mapped;
  }
  return toKromaError(error);
}

/** The last middleware: every error leaves as `{"ok":false,"error":"…"}`; details of 500s go to the log only. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const kromaError = toHttpError(error);
    if (kromaError.kind === 'internal') {
      const cause = kromaError.cause instanceof Error ? kromaError.cause : error;
      logger.error({ method: req.method, path: req.path, err: cause }, 'request failed');
    }
    const { status, body } = toErrorEnvelope(kromaError);
    res.status(status).json(body);
  };
}

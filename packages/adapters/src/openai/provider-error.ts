import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ProviderError } from '../interfaces/errors.js';
import { parseRetryAfterMs } from './retry-after.js';

// 408 (request timeout) counts as a timeout; other 4xx are the request's own fault.
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Maps anything the SDK throws to a `ProviderError`, with the API key scrubbed from every message. */
export function toProviderError(error: unknown, secrets: { apiKey: string; timeoutMs: number | undefined }): ProviderError {
  const scrub = (message: string): string => redact(message, secrets.apiKey);
  if (error instanceof ProviderError) return error;
  // The subclasses come first: they all extend APIError with no status.
  if (error instanceof APIUserAbortError) {
    return new ProviderError('OpenAI request aborted by the caller', { retryable: false, cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    const after = secrets.timeoutMs === undefined ? '' : ` after ${secrets.timeoutMs} ms`;
    return new ProviderError(`OpenAI request timed out${after}`, { retryable: true, cause: error });
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new ProviderError(scrub(`OpenAI connection error${cause}`), { retryable: true, cause: error });
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    return new ProviderError(scrub(`HTTP ${status}: ${providerMessage(error)}`), {
      status,
      retryable: isRetryableStatus(status),
      retryAfterMs: parseRetryAfterMs(error.headers),
      // No `cause`: the SDK error's own message may carry the echoed key.
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(scrub(`OpenAI request failed: ${message}`), { retryable: false, cause: error });
}

function providerMessage(error: APIError): string {
  const body: unknown = error.error;
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') return body.message;
  // Without a body message the SDK's own message is "<status> status code (no body)".
  return error.message.replace(/^\d{3} /, '');
}

// Providers echo keys back (OpenAI's 401 names the key it got); never let one into a message or log.
function redact(message: string, apiKey: string): string {
  const withoutKey = apiKey.length > 0 ? message.split(apiKey).join('[redacted]') : message;
  return withoutKey.replace(/\bsk-[A-Za-z0-9_*-]{6,}/g, 'sk-[redacted]');
}

import type { TDispatchResult } from '@kroma/contract';
import type { TAgentTarget } from './agent-target.js';

/** data.md §3.6 defaults and clamps. */
export const DEFAULT_DISPATCH_TIMEOUT_SECONDS = 20;
export const DEFAULT_DISPATCH_RETRIES = 2;
export const DEFAULT_DISPATCH_BACKOFF_SECONDS = 1.5;
export const MISSING_AGENT_API_URL = 'missing_agent_api_url';

export interface TDispatchOptions {
  timeoutSeconds?: number | null;
  retries?: number | null;
  backoffSeconds?: number | null;
}

/** Failure texts quote at most this much of the agent's body. */
const BODY_EXCERPT = 500;

type TTry = { ok: true; httpStatus: number; response: unknown } | { ok: false; httpStatus: number | null; error: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An empty body is `{}`; JSON that is not an object is replaced by `{}` (the original Python worker's rule). */
function parseAnswer(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value: value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {} };
  } catch {
    return { ok: false };
  }
}

function transportError(error: unknown, timeoutSeconds: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `timeout after ${timeoutSeconds}s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return `url_error:${cause ?? (error instanceof Error ? error.message : String(error))}`;
}

async function tryOnce(url: string, headers: Record<string, string>, body: string, timeoutSeconds: number): Promise<TTry> {
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutSeconds * 1000) });
    const text = await response.text();
    if (!response.ok) return { ok: false, httpStatus: response.status, error: `http_${response.status}:${text.slice(0, BODY_EXCERPT)}` };
    const answer = parseAnswer(text);
    if (!answer.ok) return { ok: false, httpStatus: response.status, error: `invalid_json:${text.slice(0, BODY_EXCERPT)}` };
    return { ok: true, httpStatus: response.status, response: answer.value };
  } catch (error) {
    return { ok: false, httpStatus: null, error: transportError(error, timeoutSeconds) };
  }
}

/**
 * POSTs the envelope as JSON (bearer token when there is one): up to `retries + 1` requests, sleeping
 * `backoff × n` after failed try n. Success is a 2xx with a JSON body; anything else is a failed try. The answer is
 * handed back as is: interpreting the agent's `status` is the worker's job.
 */
export async function postToAgent(target: TAgentTarget, envelope: unknown, options: TDispatchOptions = {}): Promise<TDispatchResult> {
  if (!target.url) return { ok: false, http_status: null, response: {}, error: MISSING_AGENT_API_URL, requests: 0 };
  const timeoutSeconds = Math.max(options.timeoutSeconds ?? DEFAULT_DISPATCH_TIMEOUT_SECONDS, 0.1);
  const retries = Math.max(Math.trunc(options.retries ?? DEFAULT_DISPATCH_RETRIES), 0);
  const backoffSeconds = Math.max(options.backoffSeconds ?? DEFAULT_DISPATCH_BACKOFF_SECONDS, 0.1);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  const body = JSON.stringify(envelope);
  let last: TTry = { ok: false, httpStatus: null, error: 'not attempted' };
  for (let attempt = 1; attempt <= retries + 1; attempt += 1) {
    last = await tryOnce(target.url, headers, body, timeoutSeconds);
    if (last.ok) return { ok: true, http_status: last.httpStatus, response: last.response, error: '', requests: attempt };
    if (attempt <= retries) await sleep(backoffSeconds * attempt * 1000);
  }
  return { ok: false, http_status: last.httpStatus, response: {}, error: last.error, requests: retries + 1 };
}

import type { TDispatchResult } from '@kroma/contract';
import type { TDispatchSettings } from '../options.js';
import { abortableDelay, throwIfAborted } from '../util/abortable.js';
import { redact } from '../util/redact.js';
import { postJson } from './http-post.js';

export interface TAgentPost extends TDispatchSettings {
  url: string;
  token?: string;
  body: unknown;
  /** Aborts the whole dispatch (lock lost, shutdown): rethrown, never a failed try. */
  signal: AbortSignal;
}

/** Failure strings keep the agent's body short: it can be a whole HTML error page. */
const MAX_BODY_IN_ERROR = 500;

type TTry = { ok: true; status: number; response: unknown } | { ok: false; status: number | null; error: string };

const clip = (text: string): string => (text.length > MAX_BODY_IN_ERROR ? `${text.slice(0, MAX_BODY_IN_ERROR)}…` : text);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One request's signal: the caller's abort or the per-request timeout (covering the whole answer, not just idle
 * time). Built by hand: `AbortSignal.any` and `AbortSignal.timeout` are slow in Node 20.
 */
function requestSignal(parent: AbortSignal, timeoutMs: number): { signal: AbortSignal; timedOut: () => boolean; done: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(parent.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, timeoutMs);
  parent.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}

/** One HTTP request under its own timeout; the caller's abort propagates. */
async function tryOnce(post: TAgentPost): Promise<TTry> {
  const request = requestSignal(post.signal, Math.round(post.timeoutSeconds * 1000));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (post.token !== undefined) headers.authorization = `Bearer ${post.token}`;
  let status: number | null = null;
  try {
    const response = await postJson(post.url, JSON.stringify(post.body), headers, request.signal);
    status = response.status;
    const { text } = response;
    if (status < 200 || status > 299) return { ok: false, status, error: `http_${status}:${clip(text.trim() || response.statusText)}` };
    if (text.trim() === '') return { ok: true, status, response: {} };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // The original worker counted an unreadable 2xx answer as a failed try (and retried), not as success.
      return { ok: false, status, error: `invalid_json:${clip(text.trim())}` };
    }
    return { ok: true, status, response: isObject(parsed) ? parsed : {} };
  } catch (error) {
    throwIfAborted(post.signal);
    if (request.timedOut()) return { ok: false, status, error: `timeout after ${post.timeoutSeconds}s` };
    return { ok: false, status, error: `url_error:${error instanceof Error ? error.message : String(error)}` };
  } finally {
    request.done();
  }
}

/**
 * POSTs the envelope: up to `retries + 1` requests, sleeping `backoff × n` after failed try n (not after the last).
 * Success is a 2xx with a JSON (or empty) body. Never throws for agent failures; the token never appears in errors.
 */
export async function postToAgent(post: TAgentPost): Promise<TDispatchResult> {
  const tries = Math.max(0, Math.floor(post.retries)) + 1;
  let last: TTry = { ok: false, status: null, error: 'not_sent' };
  for (let attempt = 1; attempt <= tries; attempt += 1) {
    throwIfAborted(post.signal);
    last = await tryOnce(post);
    if (last.ok) return { ok: true, http_status: last.status, response: last.response as TDispatchResult['response'], error: '', requests: attempt };
    if (attempt < tries) await abortableDelay(post.backoffSeconds * attempt * 1000, post.signal);
  }
  const failure = last as Extract<TTry, { ok: false }>;
  return { ok: false, http_status: failure.status, response: {}, error: redact(failure.error, [post.token]), requests: tries };
}

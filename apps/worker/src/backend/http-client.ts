import { initClient } from '@ts-rest/core';
import { ERROR_STATUS, KromaError, kromaContract, ZErrorEnvelopeSchema, type TErrorKind } from '@kroma/contract';
import { throwIfAborted } from '../util/abortable.js';
import { errorLine } from '../util/redact.js';

export interface TServerTarget {
  /** e.g. http://127.0.0.1:8788 */
  url: string;
  /** Bearer token, when the server enforces tokens. */
  token?: string;
}

/** The contract's typed client for one server. */
export function createKromaClient(server: TServerTarget) {
  const baseHeaders: Record<string, string> = {};
  if (server.token !== undefined) baseHeaders.authorization = `Bearer ${server.token}`;
  return initClient(kromaContract, { baseUrl: server.url.replace(/\/+$/, ''), baseHeaders });
}
export type TKromaClient = ReturnType<typeof createKromaClient>;

const KIND_BY_STATUS = new Map<number, TErrorKind>(Object.entries(ERROR_STATUS).map(([kind, status]) => [status, kind as TErrorKind]));

/** A refused request as the KromaError the server threw (same kind, same message), so handlers treat both modes alike. */
function refusal(status: number, body: unknown): KromaError {
  const envelope = ZErrorEnvelopeSchema.safeParse(body);
  const message = envelope.success ? envelope.data.error : `the server answered HTTP ${status}`;
  return new KromaError(KIND_BY_STATUS.get(status) ?? (status >= 500 ? 'internal' : 'validation'), message);
}

/** The 200 body, or the server's error as a KromaError. */
export function okBody<TResponse extends { status: number; body: unknown }>(response: TResponse): Extract<TResponse, { status: 200 }>['body'] {
  if (response.status !== 200) throw refusal(response.status, response.body);
  return response.body as Extract<TResponse, { status: 200 }>['body'];
}

/** Runs one client call; a transport failure becomes a plain error naming the server (never the token). */
export async function callServer<T>(server: TServerTarget, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (signal !== undefined) throwIfAborted(signal);
    if (error instanceof KromaError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    throw new Error(`cannot reach the server at ${server.url}: ${errorLine(cause ?? error)}`);
  }
}

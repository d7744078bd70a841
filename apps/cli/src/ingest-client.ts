import { normalizeSlug, runsContract, ZErrorEnvelopeSchema, type TIngestResult } from '@kroma/contract';

/** Where a remote ingest goes: the server's base URL and, when tokens are enforced, a bearer token. */
export interface TIngestServer {
  url: string;
  token?: string;
}

export interface TRemoteIngestRequest {
  /** As the server should record it: app-root-relative with `/`, or absolute outside the app root. */
  runLogPath: string;
  /** The parsed run log, sent inline so the server need not share this machine's file system. */
  log: Record<string, unknown>;
  computeHashes: boolean;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The project a log belongs to, as the route's slug. */
function slugOf(log: Record<string, unknown>): string {
  const slug = typeof log.project === 'string' ? normalizeSlug(log.project) : undefined;
  if (slug === undefined) throw new Error('the run log names no project (field project)');
  return slug;
}

/** The error text of a non-200 answer: the envelope's `error`, else the status. */
function failureOf(status: number, body: unknown): Error {
  const envelope = ZErrorEnvelopeSchema.safeParse(body);
  return new Error(`ingest failed on the server (HTTP ${status}): ${envelope.success ? envelope.data.error : 'no error message'}`);
}

/**
 * `POST /api/projects/{slug}/runs/ingest` with the log inline. The answer is checked against the contract's
 * response schema; a refusal throws with the server's error text. The token never appears in a message.
 */
export async function postIngest(server: TIngestServer, request: TRemoteIngestRequest): Promise<TIngestResult> {
  const route = runsContract.ingestRun;
  const url = `${server.url.replace(/\/+$/, '')}${route.path.replace(':slug', encodeURIComponent(slugOf(request.log)))}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (server.token !== undefined) headers.authorization = `Bearer ${server.token}`;
  const body = { run_log_path: request.runLogPath, run_log: request.log, compute_hashes: request.computeHashes };
  let response: Response;
  try {
    response = await fetch(url, { method: route.method, headers, body: JSON.stringify(body) });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    throw new Error(`cannot reach the server at ${server.url}: ${messageOf(cause ?? error)}`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`ingest failed on the server (HTTP ${response.status}): the answer is not JSON`);
  }
  if (response.status !== 200) throw failureOf(response.status, parsed);
  const answer = route.responses[200].safeParse(parsed);
  if (!answer.success) throw new Error(`the server's ingest answer does not match the contract: ${answer.error.issues[0]?.message ?? 'invalid'}`);
  return answer.data.ingest;
}

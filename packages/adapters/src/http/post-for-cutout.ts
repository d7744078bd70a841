import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ProviderError } from '../interfaces/errors.js';
import type { TBackgroundRemovalRequest } from '../interfaces/background-remover.js';
import { writeFileAtomically } from '../sharp/output-file.js';

export interface THttpRemoverOptions {
  /** Defaults to the provider's endpoint from the post-process defaults. */
  endpoint?: string;
  /** Name of the environment variable holding the key. */
  apiKeyEnv?: string;
  /** Where keys are looked up; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Abort the call after this long; default 120 s (the original had no limit at all). */
  timeoutMs?: number;
}

export interface THttpBackend {
  name: string;
  endpoint: string;
  apiKeyHeader: string;
  apiKeyEnv: string;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const BODY_EXCERPT_CHARS = 300;

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp' };

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

async function buildForm(request: TBackgroundRemovalRequest): Promise<FormData> {
  const type = MIME_BY_EXTENSION[extname(request.input).toLowerCase()] ?? 'application/octet-stream';
  const form = new FormData();
  form.append('image_file', new Blob([await readFile(request.input)], { type }), basename(request.input));
  if (request.size !== undefined && request.size !== 'auto') form.append('size', request.size);
  form.append('format', request.format);
  if (request.crop === true) form.append('crop', 'true');
  return form;
}

/** POSTs the image as multipart and writes the returned bytes to the output; errors never include the key. */
export async function postForCutout(backend: THttpBackend, options: THttpRemoverOptions, request: TBackgroundRemovalRequest): Promise<void> {
  const apiKey = (options.env ?? process.env)[backend.apiKeyEnv]?.trim();
  if (apiKey === undefined || apiKey === '') throw new Error(`${backend.name}: the API key variable ${backend.apiKeyEnv} is not set`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(backend.endpoint, {
      method: 'POST',
      headers: { [backend.apiKeyHeader]: apiKey },
      body: await buildForm(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const reason = timedOut ? `timed out after ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    throw new ProviderError(`${backend.name}: request failed: ${reason}`, { retryable: true, cause: error });
  }
  if (!response.ok) {
    const excerpt = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, BODY_EXCERPT_CHARS);
    throw new ProviderError(`HTTP ${response.status}: ${excerpt}`, {
      status: response.status,
      retryable: response.status === 429 || response.status >= 500,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength === 0) throw new ProviderError(`${backend.name}: empty response body`, { status: response.status, retryable: true });
  await writeFileAtomically(request.output, bytes);
}

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { TImageUsage } from '../interfaces/image-editor.js';
import { errorBody, fakeUsage } from './fake-openai-responses.js';
import type { TScriptedResponse } from './fake-openai-responses.js';
import { makeTestPng } from './test-png.js';
import type { TTestColor } from './test-png.js';

export interface TRecordedImage {
  name: string;
  type: string;
  bytes: Buffer;
}

/** One `POST /v1/images/edits` as the server received it (scripted failures included). */
export interface TRecordedEditCall {
  model: string | undefined;
  prompt: string | undefined;
  size: string | undefined;
  quality: string | undefined;
  output_format: string | undefined;
  input_fidelity: string | undefined;
  background: string | undefined;
  /** The `image[]` parts, in the order they were sent. */
  images: TRecordedImage[];
  authorization: string | undefined;
  /** The status the server answered with. */
  status: number;
}

export interface TFakeOpenAIServerOptions {
  /** Delay before every answer (ms); default 0. */
  latencyMs?: number;
  /** Fill colour of the returned PNG; default a neutral grey. */
  color?: TTestColor;
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401 that echoes the key received. */
  apiKey?: string;
  /** Fixed usage block for every answer; default derived from prompt, image count, quality and size. */
  usage?: TImageUsage;
}

export interface TFakeOpenAIServer {
  /** Base URL ending in `/v1`, for `baseURL` / `OPENAI_BASE_URL`. */
  url: string;
  calls: TRecordedEditCall[];
  setLatency(ms: number): void;
  setColor(color: TTestColor): void;
  /** Queue scripted answers for the next calls, in order. */
  failNext(...responses: TScriptedResponse[]): void;
  close(): Promise<void>;
}

const DEFAULT_SIZE = { width: 1024, height: 1536 };
const DEFAULT_COLOR: TTestColor = { r: 128, g: 128, b: 128 };
const SIZE_PATTERN = /^(\d{2,4})x(\d{2,4})$/;

/** A real HTTP server on 127.0.0.1 speaking the subset of the OpenAI images API that Kroma uses. */
export async function startFakeOpenAIImagesServer(options: TFakeOpenAIServerOptions = {}): Promise<TFakeOpenAIServer> {
  let latencyMs = options.latencyMs ?? 0;
  let color = options.color ?? DEFAULT_COLOR;
  const scripted: TScriptedResponse[] = [];
  const calls: TRecordedEditCall[] = [];
  const pngCache = new Map<string, Promise<Buffer>>();
  let requestCounter = 0;
  // Ends pending latency and hangs on close, so a closed server leaves no timers behind.
  const closing = new AbortController();
  const wait = (ms: number): Promise<void> => delay(ms, undefined, { signal: closing.signal });

  function pngFor(width: number, height: number): Promise<Buffer> {
    const key = `${width}x${height}:${color.r},${color.g},${color.b},${color.alpha ?? 1}`;
    let png = pngCache.get(key);
    if (!png) {
      png = makeTestPng({ width, height, color });
      pngCache.set(key, png);
    }
    return png;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requestCounter += 1;
    res.setHeader('x-request-id', `req_fake_${requestCounter}`);
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/images/edits') {
      sendJson(res, 404, errorBody(404, `Unknown route ${req.method ?? ''} ${req.url ?? ''}`));
      return;
    }
    const call = await parseEditCall(req);
    calls.push(call);
    await wait(latencyMs);

    const script = scripted.shift();
    if (script && 'hangMs' in script) await wait(script.hangMs);
    if (script && 'status' in script) {
      if (script.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(script.retryAfterSeconds));
      if (script.retryAfter !== undefined) res.setHeader('retry-after', script.retryAfter);
      call.status = script.status;
      sendJson(res, script.status, errorBody(script.status, script.message));
      return;
    }
    if (options.apiKey !== undefined && call.authorization !== `Bearer ${options.apiKey}`) {
      call.status = 401;
      const received = call.authorization?.replace(/^Bearer /, '') ?? '';
      sendJson(res, 401, errorBody(401, `Incorrect API key provided: ${received}.`));
      return;
    }
    const size = parseSize(call.size);
    if (!size) {
      call.status = 400;
      sendJson(res, 400, errorBody(400, `Invalid value for 'size': ${call.size ?? ''}`));
      return;
    }
    call.status = 200;
    const created = Math.floor(Date.now() / 1000);
    if (script && 'emptyData' in script) {
      sendJson(res, 200, JSON.stringify({ created, data: [] }));
      return;
    }
    const png = await pngFor(size.width, size.height);
    const usage =
      options.usage ??
      fakeUsage(call.prompt ?? '', call.images.length, call.quality ?? 'high', size.width, size.height);
    sendJson(res, 200, JSON.stringify({ created, data: [{ b64_json: png.toString('base64') }], usage }));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !closing.signal.aborted) sendJson(res, 500, errorBody(500, `fake server failure: ${String(error)}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setColor: (next) => {
      color = next;
    },
    failNext: (...responses) => {
      scripted.push(...responses);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function parseEditCall(req: IncomingMessage): Promise<TRecordedEditCall> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const form = await new Request('http://127.0.0.1/v1/images/edits', {
    method: 'POST',
    headers,
    body: Buffer.concat(chunks),
  }).formData();
  const text = (name: string): string | undefined => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const images: TRecordedImage[] = [];
  for (const part of [...form.getAll('image[]'), ...form.getAll('image')]) {
    if (typeof part === 'string') continue;
    images.push({ name: part.name, type: part.type, bytes: Buffer.from(await part.arrayBuffer()) });
  }
  return {
    model: text('model'),
    prompt: text('prompt'),
    size: text('size'),
    quality: text('quality'),
    output_format: text('output_format'),
    input_fidelity: text('input_fidelity'),
    background: text('background'),
    images,
    authorization: req.headers.authorization,
    status: 0,
  };
}

function parseSize(size: string | undefined): { width: number; height: number } | undefined {
  if (size === undefined || size === 'auto') return DEFAULT_SIZE;
  const match = SIZE_PATTERN.exec(size);
  if (!match) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}

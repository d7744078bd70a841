import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { ProviderError } from '../src/interfaces/errors.js';
import { OpenAIImageEditor, imageMimeType, parseRetryAfterMs } from '../src/openai/index.js';
import { makeTestPng, startFakeOpenAIImagesServer } from '../src/testing/index.js';
import type { TFakeOpenAIServer } from '../src/testing/index.js';

const API_KEY = 'sk-test-SECRET-0123456789abcdef';

let server: TFakeOpenAIServer;
let dir: string;

beforeEach(async () => {
  server = await startFakeOpenAIImagesServer({ color: { r: 30, g: 160, b: 90 } });
  dir = mkdtempSync(join(tmpdir(), 'kroma-openai-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function editor(): OpenAIImageEditor {
  return new OpenAIImageEditor({ apiKey: API_KEY, baseURL: server.url });
}

async function editFailure(run: Promise<unknown>): Promise<ProviderError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const oneImage = (): { data: Buffer; filename: string }[] => [{ data: Buffer.from('\x89PNG\r\n\x1a\n'), filename: 'a.png' }];

describe('OpenAIImageEditor', () => {
  it('sends every field and several images in order with accurate MIME types, and decodes the result', async () => {
    const scene = await makeTestPng({ width: 8, height: 8, color: { r: 1, g: 2, b: 3 } });
    const scenePath = join(dir, 'scene.png');
    writeFileSync(scenePath, scene);
    const jpeg = await sharp(scene).jpeg().toBuffer();
    writeFileSync(join(dir, 'style.JPG'), jpeg);
    const tiff = await sharp(scene).tiff().toBuffer();
    const bmpBytes = Buffer.from([0x42, 0x4d, 0, 0, 0, 0]);

    const result = await editor().edit({
      model: 'gpt-image-1',
      prompt: 'ink the scene',
      images: [
        { path: scenePath },
        { path: join(dir, 'style.JPG') },
        { data: tiff, filename: 'ref.tiff' },
        { data: bmpBytes, filename: 'old.bmp' },
      ],
      size: '1024x1536',
      quality: 'high',
      outputFormat: 'png',
      inputFidelity: 'high',
      background: 'opaque',
    });

    expect(server.calls).toHaveLength(1);
    const call = server.calls[0]!;
    expect(call).toMatchObject({
      model: 'gpt-image-1',
      prompt: 'ink the scene',
      size: '1024x1536',
      quality: 'high',
      output_format: 'png',
      input_fidelity: 'high',
      background: 'opaque',
      authorization: `Bearer ${API_KEY}`,
    });
    expect(call.images.map((image) => [image.name, image.type])).toEqual([
      ['scene.png', 'image/png'],
      ['style.JPG', 'image/jpeg'],
      ['ref.tiff', 'image/tiff'],
      ['old.bmp', 'image/bmp'],
    ]);
    expect(call.images[0]!.bytes.equals(scene)).toBe(true);
    expect(call.images[1]!.bytes.equals(jpeg)).toBe(true);

    const meta = await sharp(result.image).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1024, 1536]);
    expect((await sharp(result.image).stats()).channels.slice(0, 3).map((c) => c.mean)).toEqual([30, 160, 90]);
    expect(result.usage).toEqual({
      input_tokens: 4 + 4 * 323,
      output_tokens: 6240,
      total_tokens: 4 + 4 * 323 + 6240,
      input_tokens_details: { image_tokens: 4 * 323, text_tokens: 4 },
    });
    expect(result.requestId).toBe('req_fake_1');
  });

  it('leaves out the optional fields it was not given', async () => {
    await editor().edit({ model: 'gpt-image-1', prompt: 'p', images: oneImage() });
    expect(server.calls[0]).toMatchObject({ size: undefined, quality: undefined, background: undefined });
  });

  it('takes the base URL and key from OPENAI_BASE_URL and OPENAI_API_KEY', async () => {
    const saved = { url: process.env['OPENAI_BASE_URL'], key: process.env['OPENAI_API_KEY'] };
    process.env['OPENAI_BASE_URL'] = server.url;
    process.env['OPENAI_API_KEY'] = 'sk-from-env-000000';
    try {
      const fromEnv = new OpenAIImageEditor();
      expect(fromEnv.baseURL).toBe(server.url);
      await fromEnv.edit({ model: 'm', prompt: 'p', images: oneImage(), size: '64x64' });
      expect(server.calls[0]!.authorization).toBe('Bearer sk-from-env-000000');
    } finally {
      restoreEnv('OPENAI_BASE_URL', saved.url);
      restoreEnv('OPENAI_API_KEY', saved.key);
    }
  });

  it('maps a 429 with Retry-After seconds to a retryable error without retrying itself', async () => {
    server.failNext({ status: 429, retryAfterSeconds: 7 });
    const error = await editFailure(editor().edit({ model: 'm', prompt: 'p', images: oneImage() }));
    expect([error.status, error.retryable, error.retryAfterMs]).toEqual([429, true, 7000]);
    expect(error.message).toBe('HTTP 429: Rate limit reached for images');
    expect(server.calls).toHaveLength(1);
  });

  it('reads Retry-After as an HTTP date', async () => {
    server.failNext({ status: 503, retryAfter: new Date(Date.now() + 60_000).toUTCString() });
    const error = await editFailure(editor().edit({ model: 'm', prompt: 'p', images: oneImage() }));
    expect([error.status, error.retryable]).toEqual([503, true]);
    expect(error.retryAfterMs).toBeGreaterThan(55_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('maps a 500 to a retryable error', async () => {
    server.failNext({ status: 500 });
    const error = await editFailure(editor().edit({ model: 'm', prompt: 'p', images: oneImage() }));
    expect([error.status, error.retryable, error.retryAfterMs]).toEqual([500, true, undefined]);
    expect(error.message).toBe('HTTP 500: The server had an error while processing your request.');
  });

  it('maps a 400 to a non-retryable error carrying the provider message', async () => {
    server.failNext({ status: 400, message: 'Invalid value for quality: ultra' });
    const error = await editFailure(editor().edit({ model: 'm', prompt: 'p', images: oneImage() }));
    expect([error.status, error.retryable]).toEqual([400, false]);
    expect(error.message).toBe('HTTP 400: Invalid value for quality: ultra');
  });

  it('maps a timeout to a retryable error', async () => {
    server.failNext({ hangMs: 1000 });
    const started = Date.now();
    const error = await editFailure(editor().edit({ model: 'm', prompt: 'p', images: oneImage(), timeoutMs: 150 }));
    expect([error.status, error.retryable]).toEqual([undefined, true]);
    expect(error.message).toBe('OpenAI request timed out after 150 ms');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('maps a refused connection to a retryable error and a caller abort to a non-retryable one', async () => {
    const url = server.url;
    await server.close();
    const closed = new OpenAIImageEditor({ apiKey: API_KEY, baseURL: url });
    const refused = await editFailure(closed.edit({ model: 'm', prompt: 'p', images: oneImage() }));
    expect(refused.retryable).toBe(true);
    expect(refused.message).toMatch(/^OpenAI connection error/);
    server = await startFakeOpenAIImagesServer();

    server.failNext({ hangMs: 1000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await editFailure(
      editor().edit({ model: 'm', prompt: 'p', images: oneImage(), signal: controller.signal }),
    );
    expect([aborted.retryable, aborted.message]).toEqual([false, 'OpenAI request aborted by the caller']);
  });

  it('treats a 2xx without data[0].b64_json as a non-retryable error', async () => {
    server.failNext({ emptyData: true });
    const error = await editFailure(editor().edit({ model: 'm', prompt: 'p', images: oneImage() }));
    expect([error.status, error.retryable, error.message]).toEqual([
      200,
      false,
      'HTTP 200: response has no data[0].b64_json',
    ]);
  });

  it('never lets the API key into an error, even when the provider echoes it', async () => {
    await server.close();
    server = await startFakeOpenAIImagesServer({ apiKey: 'sk-the-right-one-999999' });
    const error = await editFailure(editor().edit({ model: 'm', prompt: 'p', images: oneImage() }));
    expect([error.status, error.retryable]).toEqual([401, false]);
    expect(error.message).toBe('HTTP 401: Incorrect API key provided: [redacted].');
    expect(inspect(error, { depth: 10 })).not.toContain('SECRET');
  });

  it('fails with a non-retryable error naming a missing input file', async () => {
    const missing = join(dir, 'missing.png');
    const error = await editFailure(editor().edit({ model: 'm', prompt: 'p', images: [{ path: missing }] }));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`cannot read input image ${missing}`);
    expect(server.calls).toHaveLength(0);
  });
});

describe('upload MIME types and Retry-After parsing', () => {
  it('names each image type accurately, by signature first and extension second', () => {
    const empty = new Uint8Array();
    expect(['a.png', 'a.jpg', 'a.jpeg', 'a.webp', 'a.bmp', 'a.tif', 'a.tiff', 'a.gif', 'a.xyz'].map((n) => imageMimeType(n, empty))).toEqual([
      'image/png',
      'image/jpeg',
      'image/jpeg',
      'image/webp',
      'image/bmp',
      'image/tiff',
      'image/tiff',
      'image/gif',
      'application/octet-stream',
    ]);
    expect(imageMimeType('mislabelled.png', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(imageMimeType('x', Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
  });

  it('parses seconds, HTTP dates and retry-after-ms', () => {
    const now = Date.parse('Mon, 23 Nov 2026 10:00:00 GMT');
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Mon, 23 Nov 2026 10:00:30 GMT' }), now)).toBe(30_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Mon, 23 Nov 2026 09:00:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '2', 'retry-after-ms': '1500' }), now)).toBe(1500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

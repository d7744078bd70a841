import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PhotoroomRemover, ProviderError, RemoveBgRemover } from '@kroma/adapters';

interface TReceived {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  form: FormData;
}

const folder = mkdtempSync(join(tmpdir(), 'kroma-http-bg-'));
const cutoutBytes = Buffer.from('fake-cutout-bytes');
let server: Server;
let endpoint: string;
let received: TReceived[] = [];
let respond: (response: ServerResponse) => void;
let input: string;

beforeAll(async () => {
  input = join(folder, 'scene.png');
  await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 10, g: 20, b: 30 } } }).png().toFile(input);
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': request.headers['content-type'] ?? '' }, body: Buffer.concat(chunks) })
        .formData()
        .then((form) => {
          received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, form });
          respond(response);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/segment`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

beforeEach(() => {
  received = [];
  respond = (response) => response.writeHead(200, { 'content-type': 'image/png' }).end(cutoutBytes);
});

describe('PhotoroomRemover and RemoveBgRemover', () => {
  it('Photoroom: POSTs image_file, size, format and crop with x-api-key, and writes the body bytes', async () => {
    const remover = new PhotoroomRemover({ endpoint, env: { PHOTOROOM_API_KEY: 'pr-key-1' } });
    const output = join(folder, 'out', 'scene_nobg.webp');
    await remover.remove({ input, output, format: 'webp', size: 'hd', crop: true });
    expect(received).toHaveLength(1);
    const [call] = received;
    expect([call!.method, call!.url, call!.headers['x-api-key']]).toEqual(['POST', '/v1/segment', 'pr-key-1']);
    const file = call!.form.get('image_file') as File;
    expect([file.name, file.type]).toEqual(['scene.png', 'image/png']);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(readFileSync(input));
    expect([...call!.form.keys()]).toEqual(['image_file', 'size', 'format', 'crop']);
    expect([call!.form.get('size'), call!.form.get('format'), call!.form.get('crop')]).toEqual(['hd', 'webp', 'true']);
    expect(readFileSync(output)).toEqual(cutoutBytes);
    expect(readdirSync(join(folder, 'out'))).toEqual(['scene_nobg.webp']);
    expect(remover.name).toBe('photoroom');
  });

  it('remove.bg: X-Api-Key from its own variable; size auto and crop off send nothing', async () => {
    const remover = new RemoveBgRemover({ endpoint, env: { REMOVE_BG_API_KEY: 'rb-key-2', PHOTOROOM_API_KEY: 'wrong' } });
    await remover.remove({ input, output: join(folder, 'rb.png'), format: 'png', size: 'auto', crop: false });
    const [call] = received;
    expect(call!.headers['x-api-key']).toBe('rb-key-2');
    expect([...call!.form.keys()]).toEqual(['image_file', 'format']);
    expect(call!.form.get('format')).toBe('png');
    expect(readFileSync(join(folder, 'rb.png'))).toEqual(cutoutBytes);
    expect(remover.name).toBe('removebg');
  });

  it('a missing key fails before any request and names the variable', async () => {
    const remover = new PhotoroomRemover({ endpoint, apiKeyEnv: 'MY_PR_KEY', env: { MY_PR_KEY: '  ' } });
    await expect(remover.remove({ input, output: join(folder, 'nokey.png'), format: 'png' })).rejects.toThrow('photoroom: the API key variable MY_PR_KEY is not set');
    expect(received).toEqual([]);
  });

  it('a non-2xx answer is `HTTP <status>: <body excerpt>` without the key, and nothing is written', async () => {
    respond = (response) => response.writeHead(402, { 'retry-after': '7' }).end('{"errors":[{"title":"Insufficient credits"}]}\n' + 'x'.repeat(1000));
    const remover = new RemoveBgRemover({ endpoint, env: { REMOVE_BG_API_KEY: 'secret-key-3' } });
    const error = await remover.remove({ input, output: join(folder, 'denied.png'), format: 'png' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    const providerError = error as ProviderError;
    expect(providerError.message).toBe(`HTTP 402: {"errors":[{"title":"Insufficient credits"}]} ${'x'.repeat(254)}`);
    expect([providerError.status, providerError.retryable, providerError.retryAfterMs]).toEqual([402, false, 7000]);
    expect(providerError.message).not.toContain('secret-key-3');
    expect(readdirSync(folder).filter((name) => name.includes('denied'))).toEqual([]);
  });

  it('5xx and 429 are retryable', async () => {
    respond = (response) => response.writeHead(503).end('busy');
    const remover = new PhotoroomRemover({ endpoint, env: { PHOTOROOM_API_KEY: 'k' } });
    const error = (await remover.remove({ input, output: join(folder, 'busy.png'), format: 'png' }).catch((caught: unknown) => caught)) as ProviderError;
    expect([error.message, error.status, error.retryable]).toEqual(['HTTP 503: busy', 503, true]);
  });

  it('a server that never answers times out', async () => {
    respond = () => undefined;
    const remover = new PhotoroomRemover({ endpoint, env: { PHOTOROOM_API_KEY: 'k' }, timeoutMs: 150 });
    await expect(remover.remove({ input, output: join(folder, 'slow.png'), format: 'png' })).rejects.toThrow('photoroom: request failed: timed out after 150 ms');
  });

  it('an unreadable input fails without a request', async () => {
    const remover = new PhotoroomRemover({ endpoint, env: { PHOTOROOM_API_KEY: 'k' } });
    await expect(remover.remove({ input: join(folder, 'missing.png'), output: join(folder, 'm.png'), format: 'png' })).rejects.toThrow(/ENOENT/);
    expect(received).toEqual([]);
  });
});

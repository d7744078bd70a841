import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { makeTestPng, makeTestPngWithTransparentRegion, startFakeOpenAIImagesServer } from '../src/testing/index.js';
import type { TFakeOpenAIServer } from '../src/testing/index.js';

let server: TFakeOpenAIServer;

beforeEach(async () => {
  server = await startFakeOpenAIImagesServer({ color: { r: 200, g: 40, b: 40 } });
});
afterEach(async () => {
  await server.close();
});

async function postEdit(fields: Record<string, string>, images: { bytes: Buffer; name: string; type: string }[]) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const image of images) form.append('image[]', new Blob([image.bytes], { type: image.type }), image.name);
  return fetch(`${server.url}/images/edits`, { method: 'POST', body: form, headers: { authorization: 'Bearer k' } });
}

describe('fake OpenAI images server', () => {
  it('records a multipart edit and answers with a real PNG of the requested size and usage', async () => {
    const scene = await makeTestPng({ width: 4, height: 4, color: { r: 1, g: 2, b: 3 } });
    const response = await postEdit(
      { model: 'gpt-image-1', prompt: 'abcdefgh', size: '1024x1024', quality: 'low', output_format: 'png' },
      [
        { bytes: scene, name: 'scene.png', type: 'image/png' },
        { bytes: Buffer.from('GIF89a'), name: 'ref.gif', type: 'image/gif' },
      ],
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req_fake_1');
    const body = (await response.json()) as { created: number; data: { b64_json: string }[]; usage: unknown };
    expect(body.usage).toEqual({
      input_tokens: 2 + 2 * 323,
      output_tokens: 272,
      total_tokens: 2 + 2 * 323 + 272,
      input_tokens_details: { image_tokens: 646, text_tokens: 2 },
    });
    const png = Buffer.from(body.data[0]!.b64_json, 'base64');
    const stats = await sharp(png).stats();
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([1024, 1024]);
    expect(stats.channels.slice(0, 3).map((channel) => channel.mean)).toEqual([200, 40, 40]);

    expect(server.calls).toHaveLength(1);
    const call = server.calls[0]!;
    expect(call).toMatchObject({
      model: 'gpt-image-1',
      prompt: 'abcdefgh',
      size: '1024x1024',
      quality: 'low',
      output_format: 'png',
      input_fidelity: undefined,
      authorization: 'Bearer k',
      status: 200,
    });
    expect(call.images.map((image) => [image.name, image.type])).toEqual([
      ['scene.png', 'image/png'],
      ['ref.gif', 'image/gif'],
    ]);
    expect(call.images[0]!.bytes.equals(scene)).toBe(true);
  });

  it('defaults to 1024x1536 and follows setColor', async () => {
    server.setColor({ r: 90, g: 90, b: 90 });
    const response = await postEdit({ model: 'm', prompt: 'p' }, [{ bytes: Buffer.from('x'), name: 'a.png', type: 'image/png' }]);
    const body = (await response.json()) as { data: { b64_json: string }[] };
    const png = Buffer.from(body.data[0]!.b64_json, 'base64');
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([1024, 1536]);
    expect((await sharp(png).stats()).channels[0]!.mean).toBe(90);
  });

  it('plays scripted failures in order, then answers normally', async () => {
    server.failNext({ status: 429, retryAfterSeconds: 3 }, { status: 400, message: 'bad prompt' }, { emptyData: true });
    const image = [{ bytes: Buffer.from('x'), name: 'a.png', type: 'image/png' }];

    const limited = await postEdit({ prompt: 'p', size: '64x64' }, image);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    const bad = await postEdit({ prompt: 'p', size: '64x64' }, image);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { message: 'bad prompt', type: 'invalid_request_error', param: null, code: null },
    });
    const empty = await postEdit({ prompt: 'p', size: '64x64' }, image);
    expect(((await empty.json()) as { data: unknown[] }).data).toEqual([]);
    const ok = await postEdit({ prompt: 'p', size: '64x64' }, image);
    expect(ok.status).toBe(200);
    expect(server.calls.map((call) => call.status)).toEqual([429, 400, 200, 200]);
  });

  it('delays answers by the configured latency and by hangMs', async () => {
    const image = [{ bytes: Buffer.from('x'), name: 'a.png', type: 'image/png' }];
    server.setLatency(150);
    let started = Date.now();
    await postEdit({ prompt: 'p', size: '64x64' }, image);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);

    server.setLatency(0);
    server.failNext({ hangMs: 200 });
    started = Date.now();
    const response = await postEdit({ prompt: 'p', size: '64x64' }, image);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('rejects an unknown size with a 400 and a wrong key with a 401', async () => {
    const image = [{ bytes: Buffer.from('x'), name: 'a.png', type: 'image/png' }];
    expect((await postEdit({ prompt: 'p', size: 'huge' }, image)).status).toBe(400);
    const guarded = await startFakeOpenAIImagesServer({ apiKey: 'right' });
    try {
      const response = await fetch(`${guarded.url}/images/edits`, { method: 'POST', body: new FormData() });
      expect(response.status).toBe(401);
    } finally {
      await guarded.close();
    }
  });
});

describe('test PNG fixtures', () => {
  it('makes a PNG with a fully transparent region that keeps its RGB', async () => {
    const png = await makeTestPngWithTransparentRegion({
      width: 4,
      height: 2,
      color: { r: 200, g: 100, b: 50 },
      transparent: { left: 2, top: 0, width: 2, height: 2 },
    });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([4, 2, 4]);
    expect([...data.subarray(0, 8)]).toEqual([200, 100, 50, 255, 200, 100, 50, 255]);
    expect([...data.subarray(8, 16)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...data.subarray(24, 32)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('makes a half-transparent fill when alpha is given', async () => {
    const png = await makeTestPng({ width: 1, height: 1, color: { r: 10, g: 20, b: 30, alpha: 0.5 } });
    expect([...(await sharp(png).raw().toBuffer())]).toEqual([10, 20, 30, 128]);
  });
});

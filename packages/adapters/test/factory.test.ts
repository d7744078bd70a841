import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COLOR_PROFILES, DEFAULT_POSTPROCESS_CONFIG, type TPostprocessConfig } from '@kroma/contract';
import { createImageEditorFromEnv, createPostprocessTools, SharpUpscaler, ToolNotInstalledError } from '@kroma/adapters';
import { makeTestPng, startFakeOpenAIImagesServer, type TFakeOpenAIServer } from '@kroma/adapters/testing';

const config = (): TPostprocessConfig => structuredClone(DEFAULT_POSTPROCESS_CONFIG) as TPostprocessConfig;

describe('createImageEditorFromEnv', () => {
  let server: TFakeOpenAIServer;
  beforeEach(async () => {
    server = await startFakeOpenAIImagesServer({ apiKey: 'sk-factory' });
  });
  afterEach(async () => server.close());

  it('is undefined when the key variable is unset or blank', () => {
    expect(createImageEditorFromEnv({})).toBeUndefined();
    expect(createImageEditorFromEnv({ OPENAI_API_KEY: '   ' })).toBeUndefined();
    expect(createImageEditorFromEnv({ OPENAI_API_KEY: 'sk-x' }, 'OTHER_KEY')).toBeUndefined();
  });

  it('calls OPENAI_BASE_URL with the key of the named variable', async () => {
    const editor = createImageEditorFromEnv({ REFINE_KEY: ' sk-factory ', OPENAI_BASE_URL: ` ${server.url} ` }, 'REFINE_KEY');
    const scene = await makeTestPng({ width: 8, height: 8, color: { r: 9, g: 9, b: 9 } });

    const result = await editor?.edit({ model: 'gpt-image-1', prompt: 'ink it', images: [{ data: scene, filename: 'a.png' }], size: '1024x1024', timeoutMs: 10_000 });

    expect(result?.image.length).toBeGreaterThan(0);
    expect(server.calls.map((call) => call.authorization)).toEqual(['Bearer sk-factory']);
  });
});

describe('createPostprocessTools', () => {
  let appRoot: string;
  beforeEach(() => {
    appRoot = mkdtempSync(join(tmpdir(), 'kroma-factory-'));
  });
  afterEach(() => rmSync(appRoot, { recursive: true, force: true }));

  it('builds nothing up front: every backend is listed, a missing tool fails only when used', async () => {
    const tools = createPostprocessTools(config(), appRoot, {});

    expect(Object.keys(tools.backgroundRemovers)).toEqual(['rembg', 'photoroom', 'removebg']);
    expect(Object.keys(tools.upscalers)).toEqual(['sharp', 'ncnn', 'python']);
    expect(tools.upscalers.ncnn).toBe(tools.upscalers.ncnn);
    const input = join(appRoot, 'in.png');
    writeFileSync(input, await makeTestPng({ width: 4, height: 4, color: { r: 1, g: 2, b: 3 } }));
    const failure = await tools.upscalers.ncnn?.upscale({ input, output: join(appRoot, 'out.png'), scale: 2, format: 'png' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ToolNotInstalledError);
    // Tool paths of the config resolve against the app root.
    expect((failure as Error).message).toContain(join(appRoot, 'tools/realesrgan/models'));
  });

  it('upscales with the built-in sharp backend and colour-corrects without any external tool', async () => {
    const tools = createPostprocessTools(config(), appRoot, {});
    const input = join(appRoot, 'in.png');
    writeFileSync(input, await makeTestPng({ width: 6, height: 4, color: { r: 100, g: 100, b: 100 } }));

    expect(tools.upscalers.sharp).toBeInstanceOf(SharpUpscaler);
    await tools.upscalers.sharp?.upscale({ input, output: join(appRoot, 'x2.png'), scale: 2, format: 'png' });
    const meta = await sharp(join(appRoot, 'x2.png')).metadata();
    expect([meta.width, meta.height]).toEqual([12, 8]);
    await tools.colorCorrector.apply({ input, output: join(appRoot, 'color.png'), profile: DEFAULT_COLOR_PROFILES.neutral ?? {} });
    expect((await sharp(join(appRoot, 'color.png')).metadata()).format).toBe('png');
  });

  it('has a refine editor only when the variable named by bg_remove.openai.api_key_env is set', () => {
    const custom = config();
    custom.bg_remove.openai.api_key_env = 'REFINE_KEY';

    expect(createPostprocessTools(custom, appRoot, { OPENAI_API_KEY: 'sk-a' }).refineEditor).toBeUndefined();
    expect(createPostprocessTools(custom, appRoot, { REFINE_KEY: 'sk-b' }).refineEditor).toBeDefined();
    expect('refineEditor' in createPostprocessTools(config(), appRoot, {})).toBe(false);
  });
});

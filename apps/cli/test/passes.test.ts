import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { startFakeOpenAIImagesServer } from '@kroma/adapters/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, type TTempApp } from './helpers.js';

describe('single-pass verbs and generate-one', () => {
  let app: TTempApp;
  beforeEach(async () => {
    app = makeTempApp();
    await writePng(join(app.projectRoot, 'outputs/a.png'), { r: 100, g: 110, b: 120 }, 8);
  });
  afterEach(() => app.remove());

  const project = ['--project', 'demo', '--project-root', 'proj'];

  it('upscale doubles the size with the built-in sharp upscaler into <root>/upscaled', async () => {
    const result = await kroma(app, ['upscale', ...project, '--json']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ backend: 'sharp', input: 'proj/outputs', output: 'proj/upscaled', scale: 2 });
    const meta = await sharp(join(app.projectRoot, 'upscaled/a.png')).metadata();
    expect([meta.width, meta.height]).toEqual([16, 16]);
  });

  it('color applies a built-in profile into <root>/color_corrected and prints the text summary', async () => {
    const result = await kroma(app, ['color', ...project, '--profile', 'cinematic_warm']);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Colour-corrected proj/outputs -> proj/color_corrected (profile cinematic_warm, settings builtin)\n');
    expect(existsSync(join(app.projectRoot, 'color_corrected/a.png'))).toBe(true);

    const unknown = await kroma(app, ['color', ...project, '--profile', 'sepia']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('sepia');
  });

  it('bgremove without rembg installed exits 1 with how to install it', async () => {
    const result = await kroma(app, ['bgremove', ...project, '--bg-refine-openai', 'false']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('python3 -m venv tools/rembg/.venv');
  });

  it('generate-one writes the edited image and prints the JSON result', async () => {
    const fake = await startFakeOpenAIImagesServer();
    try {
      app.env.OPENAI_API_KEY = 'sk-test';
      app.env.OPENAI_BASE_URL = fake.url;
      writeFileSync(join(app.appRoot, 'inputs.json'), JSON.stringify(['proj/outputs/a.png']));

      const result = await kroma(app, [
        'generate-one', ...project, '--prompt', 'ink it', '--input-images-file', 'inputs.json', '--output', 'proj/one.png', '--size', '1024x1024', '--json',
      ]);

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const printed = JSON.parse(result.stdout) as Record<string, unknown> & { bytes_written: number };
      expect(printed).toMatchObject({
        ok: true,
        project: 'demo',
        output: 'proj/one.png',
        input_images: ['proj/outputs/a.png'],
        model: 'gpt-image-1',
        size: '1024x1024',
        quality: 'high',
      });
      const meta = await sharp(join(app.projectRoot, 'one.png')).metadata();
      expect([meta.width, meta.height]).toEqual([1024, 1024]);
      expect(printed.bytes_written).toBeGreaterThan(0);
      expect(fake.calls).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { SharpUpscaler } from '@kroma/adapters';

const folder = mkdtempSync(join(tmpdir(), 'kroma-upscale-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function flatRgba(name: string, pixel: number[]): Promise<string> {
  const width = 3;
  const height = 2;
  const data = Buffer.alloc(width * height * 4);
  for (let index = 0; index < width * height; index += 1) data.set(pixel, index * 4);
  const path = join(folder, name);
  await sharp(data, { raw: { width, height, channels: 4 } }).png().toFile(path);
  return path;
}

const upscaler = new SharpUpscaler();

describe('SharpUpscaler', () => {
  it('doubles the size of a PNG, keeps its alpha and reports lanczos3', async () => {
    const input = await flatRgba('in.png', [100, 90, 80, 255]);
    const output = join(folder, 'out', 'in_x2.png');
    expect(await upscaler.upscale({ input, output, scale: 2, format: 'png' })).toEqual({ backend: 'sharp', model: 'lanczos3' });
    const { data, info } = await sharp(output).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([6, 4, 4]);
    expect([...data.subarray(0, 4)]).toEqual([100, 90, 80, 255]);
    expect(readdirSync(join(folder, 'out'))).toEqual(['in_x2.png']);
  });

  it('keeps partial transparency in a PNG', async () => {
    const input = await flatRgba('half.png', [100, 90, 80, 128]);
    const output = join(folder, 'half_x2.png');
    await upscaler.upscale({ input, output, scale: 2, format: 'png' });
    const { data, info } = await sharp(output).raw().toBuffer({ resolveWithObject: true });
    const alphas = new Set(Array.from({ length: info.width * info.height }, (_, index) => data[index * 4 + 3]));
    expect([info.width, info.height, [...alphas]]).toEqual([6, 4, [128]]);
  });

  it('writes webp with alpha and jpg flattened (no alpha)', async () => {
    const input = await flatRgba('formats.png', [200, 10, 10, 0]);
    await upscaler.upscale({ input, output: join(folder, 'a.webp'), scale: 2, format: 'webp' });
    await upscaler.upscale({ input, output: join(folder, 'a.jpg'), scale: 3, format: 'jpg' });
    const webp = await sharp(join(folder, 'a.webp')).metadata();
    const jpg = await sharp(join(folder, 'a.jpg')).metadata();
    expect([webp.format, webp.width, webp.height, webp.hasAlpha]).toEqual(['webp', 6, 4, true]);
    expect([jpg.format, jpg.width, jpg.height, jpg.hasAlpha]).toEqual(['jpeg', 9, 6, false]);
  });

  it('rejects a scale that is not positive', async () => {
    const input = await flatRgba('bad.png', [1, 2, 3, 255]);
    await expect(upscaler.upscale({ input, output: join(folder, 'bad_x0.png'), scale: 0, format: 'png' })).rejects.toThrow('upscale scale must be a positive number, got 0');
  });
});

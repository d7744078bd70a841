import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { SharpImageAnalyzer } from '@kroma/adapters';

const folder = mkdtempSync(join(tmpdir(), 'kroma-analyzer-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function png(name: string, width: number, height: number, channels: 1 | 3 | 4, pixelAt: (x: number, y: number) => number[]): Promise<string> {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) data.set(pixelAt(x, y), (y * width + x) * channels);
  const path = join(folder, name);
  await sharp(data, { raw: { width, height, channels } }).png().toFile(path);
  return path;
}

const analyzer = new SharpImageAnalyzer();

describe('SharpImageAnalyzer', () => {
  it('measures the chroma of a flat colour exactly', async () => {
    const path = await png('fill.png', 4, 3, 3, () => [100, 90, 80]);
    expect(await analyzer.measure(path)).toEqual({ width: 4, height: 3, chromaDelta: (10 + 20 + 10) / 3, countedPixels: 12, hasAlpha: false });
  });

  it('gives 0 for a grey image, also when stored as a one-channel greyscale PNG', async () => {
    const rgbGrey = await png('grey.png', 5, 2, 3, (x) => [x * 40, x * 40, x * 40]);
    const singleChannel = await png('grey1.png', 3, 3, 1, (x, y) => [x * 50 + y]);
    expect(await analyzer.measure(rgbGrey)).toMatchObject({ chromaDelta: 0, countedPixels: 10 });
    expect(await analyzer.measure(singleChannel)).toEqual({ width: 3, height: 3, chromaDelta: 0, countedPixels: 9, hasAlpha: false });
  });

  it('reads 16-bit and grey-with-alpha PNGs as 8-bit RGBA', async () => {
    const sixteenBit = join(folder, 'deep.png');
    await sharp({ create: { width: 2, height: 2, channels: 3, background: { r: 100, g: 90, b: 80 } } }).toColourspace('rgb16').png().toFile(sixteenBit);
    expect((await sharp(sixteenBit).metadata()).depth).toBe('ushort');
    expect(await analyzer.measure(sixteenBit)).toEqual({ width: 2, height: 2, chromaDelta: 40 / 3, countedPixels: 4, hasAlpha: false });
    const greyAlpha = join(folder, 'grey-alpha.png');
    await sharp(Buffer.from([50, 0, 60, 255, 70, 255]), { raw: { width: 3, height: 1, channels: 2 } }).png().toFile(greyAlpha);
    expect(await analyzer.measure(greyAlpha)).toEqual({ width: 3, height: 1, chromaDelta: 0, countedPixels: 2, hasAlpha: true });
  });

  it('leaves fully transparent pixels out (a transparent red half does not count)', async () => {
    const path = await png('cutout.png', 4, 2, 4, (x) => (x < 2 ? [255, 0, 0, 0] : [128, 128, 128, 255]));
    expect(await analyzer.measure(path)).toEqual({ width: 4, height: 2, chromaDelta: 0, countedPixels: 4, hasAlpha: true });
  });

  it('counts pixels that are only slightly visible (alpha 1)', async () => {
    const path = await png('faint.png', 4, 2, 4, (x) => (x < 2 ? [255, 0, 0, 1] : [128, 128, 128, 255]));
    // Red contributes (255 + 255 + 0) / 3 = 170 on half of the pixels.
    expect(await analyzer.measure(path)).toEqual({ width: 4, height: 2, chromaDelta: 85, countedPixels: 8, hasAlpha: true });
  });

  it('gives 0 and no counted pixels when everything is transparent', async () => {
    const path = await png('empty.png', 2, 2, 4, () => [10, 200, 30, 0]);
    expect(await analyzer.measure(path)).toEqual({ width: 2, height: 2, chromaDelta: 0, countedPixels: 0, hasAlpha: true });
  });

  it('throws on a missing or undecodable file', async () => {
    const broken = join(folder, 'broken.png');
    writeFileSync(broken, 'not an image');
    await expect(analyzer.measure(broken)).rejects.toThrow();
    await expect(analyzer.measure(join(folder, 'missing.png'))).rejects.toThrow();
  });
});

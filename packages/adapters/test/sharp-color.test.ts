import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { TColorProfile } from '@kroma/contract';
import { DEFAULT_COLOR_PROFILES } from '@kroma/contract';
import { SharpColorCorrector } from '@kroma/adapters';

const folder = mkdtempSync(join(tmpdir(), 'kroma-color-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

type TPixel = [number, number, number, number];
let counter = 0;
const corrector = new SharpColorCorrector();

/** Writes `pixels` (one row per array) as a PNG, runs the profile, and returns the output pixels as RGBA. */
async function correct(rows: TPixel[][], profile: TColorProfile): Promise<TPixel[][]> {
  const height = rows.length;
  const width = rows[0]!.length;
  const input = join(folder, `in-${++counter}.png`);
  const output = join(folder, `out-${counter}.png`);
  await sharp(Buffer.from(rows.flat(2)), { raw: { width, height, channels: 4 } }).png().toFile(input);
  await corrector.apply({ input, output, profile });
  const { data, info } = await sharp(output).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([width, height, 4]);
  return Array.from({ length: height }, (_, y) =>
    Array.from({ length: width }, (_, x) => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)] as TPixel),
  );
}

const flat = (pixel: TPixel, width = 2, height = 2): TPixel[][] => Array.from({ length: height }, () => Array.from({ length: width }, () => pixel));

describe('SharpColorCorrector', () => {
  it('neutral profile: only contrast 1.02 around the rounded mean luma (92), truncated like Pillow', async () => {
    // 92 + 1.02·(100−92) = 100.16 → 100; 92 + 1.02·(90−92) = 89.96 → 89; 92 + 1.02·(80−92) = 79.76 → 79.
    expect(await correct(flat([100, 90, 80, 255]), DEFAULT_COLOR_PROFILES.neutral!)).toEqual(flat([100, 89, 79, 255]));
    expect(await correct(flat([128, 128, 128, 255]), DEFAULT_COLOR_PROFILES.neutral!)).toEqual(flat([128, 128, 128, 255]));
  });

  it('an empty profile changes nothing', async () => {
    const rows: TPixel[][] = [[[1, 2, 3, 255], [250, 128, 7, 40]]];
    expect(await correct(rows, {})).toEqual(rows);
  });

  it('channel multipliers round half to even: (100,90,80) with r 1.2, b 0.8 → (120,90,64)', async () => {
    expect(await correct(flat([100, 90, 80, 255]), { red_multiplier: 1.2, blue_multiplier: 0.8 })).toEqual(flat([120, 90, 64, 255]));
    // 5·0.5 = 2.5 → 2 and 7·0.5 = 3.5 → 4 (half to even); 200·1.5 = 300 → clamped to 255.
    expect(await correct([[[200, 5, 0, 255], [0, 7, 0, 255]]], { green_multiplier: 0.5, red_multiplier: 1.5 })).toEqual([[[255, 2, 0, 255], [0, 4, 0, 255]]]);
  });

  it('gamma uses the LUT round(255·(v/255)^(1/g)): with g 2 that is round(√(255·v))', async () => {
    // √25500 = 159.69 → 160, √22950 = 151.49 → 151, √20400 = 142.83 → 143, 0 → 0, 255 → 255.
    expect(await correct([[[100, 90, 80, 255], [0, 255, 0, 255]]], { gamma: 2 })).toEqual([[[160, 151, 143, 255], [0, 255, 0, 255]]]);
  });

  it('brightness multiplies and truncates; above 1 it clips', async () => {
    expect(await correct([[[100, 90, 255, 255]]], { brightness: 0.98 })).toEqual([[[98, 88, 249, 255]]]);
    expect(await correct([[[100, 90, 200, 255]]], { brightness: 1.5 })).toEqual([[[150, 135, 255, 255]]]);
  });

  it('contrast pivots on the rounded mean luma of the visible pixels', async () => {
    // Black and white halves: mean luma 127.5 → 128; 128 + 0.5·(0−128) = 64, 128 + 0.5·(255−128) = 191.5 → 191.
    expect(await correct([[[0, 0, 0, 255], [255, 255, 255, 255]]], { contrast: 0.5 })).toEqual([[[64, 64, 64, 255], [191, 191, 191, 255]]]);
    // A transparent black half does not pull the mean down: the pivot stays 200, the hidden pixel moves to 100.
    expect(await correct([[[0, 0, 0, 0], [200, 200, 200, 255]]], { contrast: 0.5 })).toEqual([[[100, 100, 100, 0], [200, 200, 200, 255]]]);
  });

  it('saturation blends each pixel with its own luma (92 for (100,90,80))', async () => {
    expect(await correct(flat([100, 90, 80, 255]), { saturation: 0 })).toEqual(flat([92, 92, 92, 255]));
    expect(await correct(flat([100, 90, 80, 255]), { saturation: 2 })).toEqual(flat([108, 88, 68, 255]));
  });

  it('sharpness blends with the 3×3 smooth filter; the border is not filtered', async () => {
    const spot: TPixel[][] = [0, 1, 2].map((y) => [0, 1, 2].map((x) => (x === 1 && y === 1 ? [130, 130, 130, 255] : [0, 0, 0, 255])));
    // Centre: smooth = round(5·130 / 13) = 50; 50 + 2·(130 − 50) = 210 and 50 + 0·80 = 50. Border: smooth = itself.
    const sharpened = await correct(spot, { sharpness: 2 });
    const softened = await correct(spot, { sharpness: 0 });
    expect(sharpened[1]![1]).toEqual([210, 210, 210, 255]);
    expect(softened[1]![1]).toEqual([50, 50, 50, 255]);
    expect([sharpened[0]![0], softened[0]![1], softened[2]![2]]).toEqual([[0, 0, 0, 255], [0, 0, 0, 255], [0, 0, 0, 255]]);
  });

  it('autocontrast clips cutoff % at each end, then stretches (low 50, high 101 → ·5 − 250)', async () => {
    const rows: TPixel[][] = [[10, 50, 80, 101, 250].map((v) => [v, v, v, 255] as TPixel)];
    expect(await correct(rows, { autocontrast_cutoff: 20 })).toEqual([[0, 0, 150, 255, 255].map((v) => [v, v, v, 255])]);
  });

  it('keeps every alpha value through a full profile, writes a PNG and leaves no temp file', async () => {
    const rows: TPixel[][] = [[[10, 20, 30, 0], [200, 100, 50, 128], [90, 90, 90, 255]]];
    const result = await correct(rows, DEFAULT_COLOR_PROFILES.cinematic_warm!);
    expect(result[0]!.map((pixel) => pixel[3])).toEqual([0, 128, 255]);
    const outputs = readdirSync(folder).filter((name) => name.startsWith('.') || name.includes('tmp'));
    expect(outputs).toEqual([]);
    expect((await sharp(join(folder, `out-${counter}.png`)).metadata()).format).toBe('png');
  });
});

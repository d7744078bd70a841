import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemoveBgRemover, SharpColorCorrector, SharpUpscaler } from '@kroma/adapters';
import { makeTestPng, makeTestPngWithTransparentRegion } from '@kroma/adapters/testing';
import { DEFAULT_COLOR_PROFILES, DEFAULT_POSTPROCESS_CONFIG } from '@kroma/contract';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { colorImages, removeBackgrounds, upscaleImages } from '../src/postprocess/index.js';

const NOW = new Date('2026-02-25T01:20:56.123Z');
const STAMP = '2026-02-25T01-20-56-123Z';

let appRoot: string;
let projectRoot: string;
let closeServer: () => Promise<void>;
let endpoint: string;

const at = (...parts: string[]): string => join(projectRoot, ...parts);
const png = (path: string, width: number): void => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, pngBytes[width] ?? Buffer.alloc(0));
};
const pngBytes: Record<number, Buffer> = {};
const listTree = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();

beforeEach(async () => {
  appRoot = mkdtempSync(join(tmpdir(), 'kroma-single-pass-'));
  projectRoot = join(appRoot, 'proj');
  for (const width of [4, 6]) pngBytes[width] = await makeTestPng({ width, height: 4, color: { r: 90, g: 120, b: 150 } });
  png(at('in', 'a.png'), 4);
  png(at('in', 'sub', 'Hero Shot.png'), 6);
  const cutout = await makeTestPngWithTransparentRegion({ width: 4, height: 4, color: { r: 200, g: 60, b: 40 }, transparent: { left: 0, top: 0, width: 1, height: 1 } });
  const server = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end(cutout)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  closeServer = () => new Promise((resolve) => server.close(() => resolve()));
});
afterEach(async () => {
  await closeServer();
  rmSync(appRoot, { recursive: true, force: true });
});

const base = (input: string, output: string) => ({ input: at(input), output: at(output), projectRoot, appRoot, config: DEFAULT_POSTPROCESS_CONFIG, now: () => NOW });

describe('single-pass verbs', () => {
  it('removeBackgrounds mirrors a folder, with the format extension and the bgremove --json shape', async () => {
    const result = await removeBackgrounds({
      ...base('in', 'out'),
      backgroundRemovers: { removebg: new RemoveBgRemover({ endpoint, env: { REMOVE_BG_API_KEY: 'k' } }) },
      refine: { model: 'gpt-image-1', quality: 'high', prompt: 'p', timeoutMs: 1000 },
      backends: ['removebg'],
      format: 'webp',
      refineOpenai: false,
    });
    expect(result).toEqual({
      input: 'proj/in',
      output: 'proj/out',
      backends: ['removebg'],
      refine_openai: false,
      refine_openai_required: false,
      format: 'webp',
      processed: 2,
      results: [
        { input: 'proj/in/a.png', output: 'proj/out/a.webp', backend: 'removebg', refine_openai: false, refine_error: null },
        { input: 'proj/in/sub/Hero Shot.png', output: 'proj/out/sub/Hero Shot.webp', backend: 'removebg', refine_openai: false, refine_error: null },
      ],
    });
  });

  it('removeBackgrounds names a file input in an output folder by its sanitised stem', async () => {
    const result = await removeBackgrounds({
      ...base('in/sub/Hero Shot.png', 'cut/'),
      backgroundRemovers: { removebg: new RemoveBgRemover({ endpoint, env: { REMOVE_BG_API_KEY: 'k' } }) },
      refine: { model: 'gpt-image-1', quality: 'high', prompt: 'p', timeoutMs: 1000 },
      backends: ['removebg'],
      refineOpenai: false,
    });
    expect(result.results.map((entry) => entry.output)).toEqual(['proj/cut/hero_shot.png']);
  });

  it('upscaleImages mirrors a folder with the sharp backend by default', async () => {
    const result = await upscaleImages({ ...base('in', 'up'), upscalers: { sharp: new SharpUpscaler() }, scale: 3 });
    expect(result).toEqual({ backend: 'sharp', input: 'proj/in', output: 'proj/up', scale: 3, model: 'lanczos3' });
    expect(listTree(at('up'))).toEqual(['a.png', join('sub', 'Hero Shot.png')]);
    expect((await sharp(at('up', 'sub', 'Hero Shot.png')).metadata()).width).toBe(18);
  });

  it('colorImages writes a .png, archives a replaced target and keeps transparency', async () => {
    writeFileSync(at('in', 'cut.webp'), await sharp(await makeTestPngWithTransparentRegion({ width: 4, height: 4, color: { r: 1, g: 2, b: 3 }, transparent: { left: 0, top: 0, width: 2, height: 4 } })).webp({ lossless: true }).toBuffer());
    png(at('graded', 'cut.png'), 6);
    const run = () => colorImages({ ...base('in/cut.webp', 'graded'), colorCorrector: new SharpColorCorrector(), colorProfiles: DEFAULT_COLOR_PROFILES, profile: 'cold_rain' });
    expect(await run()).toEqual({ input: 'proj/in/cut.webp', output: 'proj/graded', profile: 'cold_rain', settings: 'builtin' });
    expect(readdirSync(at('archive', 'replaced'))).toEqual([`cut_replaced_${STAMP}.png`]);
    const { data, info } = await sharp(at('graded', 'cut.png')).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.channels, data[3], data[4 * 3 + 3]]).toEqual([4, 4, 0, 255]);
  });
});

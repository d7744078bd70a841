import { mkdirSync, writeFileSync } from 'node:fs';
import { SharpImageAnalyzer } from '@kroma/adapters';
import type { ImageAnalyzer, TImageMeasurement } from '@kroma/adapters';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildOutputGuardReport, type TOutputGuardSettings } from '../src/qa/index.js';
import { createQaSandbox, writeCutoutPng, writeSolidPng } from './qa-fixtures.js';

const DEFAULTS: TOutputGuardSettings = { max_chroma_delta: 2, enforce_grayscale: false, fail_on_chroma_exceed: false };
const ENFORCE: TOutputGuardSettings = { ...DEFAULTS, enforce_grayscale: true };
const analyzer = new SharpImageAnalyzer();

let box: ReturnType<typeof createQaSandbox>;
beforeEach(() => {
  box = createQaSandbox();
});
afterEach(() => box.cleanup());

const report = (input: string, settings: TOutputGuardSettings = DEFAULTS, guardAnalyzer: ImageAnalyzer = analyzer) =>
  buildOutputGuardReport({ input, settings, analyzer: guardAnalyzer, root: box.root });

describe('buildOutputGuardReport: classification', () => {
  it('passes a grey image and soft-warns a coloured one with the defaults (never a hard failure)', async () => {
    await writeSolidPng(box.path('out', 'grey.png'), { r: 90, g: 90, b: 90 });
    // (|100−102| + |100−104| + |102−104|) / 3 = 8/3
    await writeSolidPng(box.path('out', 'tinted.png'), { r: 100, g: 102, b: 104 });
    expect(await report('out')).toEqual({
      input: 'out',
      settings: DEFAULTS,
      summary: { total_files: 2, hard_failures: 0, soft_warnings: 1 },
      files: [
        { file: 'out/grey.png', chroma_delta: 0, grayscale_like: true, hard_fail_reasons: [], soft_warnings: [] },
        {
          file: 'out/tinted.png',
          chroma_delta: 2.6667,
          grayscale_like: false,
          hard_fail_reasons: [],
          soft_warnings: ['chroma_exceeds_threshold'],
        },
      ],
    });
  });

  it('treats chroma exactly at the threshold as grayscale-like, even when enforced', async () => {
    // (2 + 3 + 1) / 3 = 2 exactly
    const file = await writeSolidPng(box.path('edge.png'), { r: 100, g: 102, b: 103 });
    const result = await report(file, { max_chroma_delta: 2, enforce_grayscale: true, fail_on_chroma_exceed: true });
    expect(result.files).toEqual([
      { file: 'edge.png', chroma_delta: 2, grayscale_like: true, hard_fail_reasons: [], soft_warnings: [] },
    ]);
    expect(result.summary).toEqual({ total_files: 1, hard_failures: 0, soft_warnings: 0 });
  });

  it('compares the unrounded value: 2.00003 is above a threshold of 2 although it reports as 2', async () => {
    const measured: TImageMeasurement = { width: 1, height: 1, chromaDelta: 2.00003, countedPixels: 1, hasAlpha: false };
    const fixed: ImageAnalyzer = { measure: () => Promise.resolve(measured) };
    const file = await writeSolidPng(box.path('x.png'), { r: 1, g: 1, b: 1 });
    const result = await report(file, DEFAULTS, fixed);
    expect(result.files[0]).toMatchObject({ chroma_delta: 2, grayscale_like: false, soft_warnings: ['chroma_exceeds_threshold'] });
  });

  it('enforce_grayscale in soft mode gives a hard and a soft reason on the same file, counted once each', async () => {
    await writeSolidPng(box.path('a', 'red.png'), { r: 200, g: 40, b: 40 });
    const result = await report('a', ENFORCE);
    expect(result.files[0]).toEqual({
      file: 'a/red.png',
      chroma_delta: 106.6667,
      grayscale_like: false,
      hard_fail_reasons: ['not_grayscale_like'],
      soft_warnings: ['chroma_exceeds_threshold'],
    });
    expect(result.summary).toEqual({ total_files: 1, hard_failures: 1, soft_warnings: 1 });
  });

  it('enforce plus fail_on_chroma_exceed gives both hard reasons and no soft warning', async () => {
    await writeSolidPng(box.path('red.png'), { r: 200, g: 40, b: 40 });
    const result = await report('red.png', { ...ENFORCE, fail_on_chroma_exceed: true });
    expect(result.files[0]?.hard_fail_reasons).toEqual(['not_grayscale_like', 'chroma_exceeds_threshold']);
    expect(result.files[0]?.soft_warnings).toEqual([]);
    expect(result.summary).toEqual({ total_files: 1, hard_failures: 1, soft_warnings: 0 });
  });

  it('clamps a negative threshold to 0', async () => {
    await writeSolidPng(box.path('grey.png'), { r: 7, g: 7, b: 7 });
    const result = await report('grey.png', { ...ENFORCE, max_chroma_delta: -5 });
    expect(result.files[0]).toMatchObject({ chroma_delta: 0, grayscale_like: true, hard_fail_reasons: [] });
  });

  it('passes a transparent cutout whose opaque subject is grey, whatever RGB the transparent pixels hold', async () => {
    await writeCutoutPng(box.path('nobg', 'cut.png'), [120, 120, 120], [255, 0, 0]);
    // A red subject on a grey transparent background: only its own (opaque) pixels count.
    await writeCutoutPng(box.path('nobg', 'red-subject.png'), [200, 40, 40], [128, 128, 128]);
    const result = await report('nobg', ENFORCE);
    expect(result.files.map(({ file, chroma_delta, grayscale_like }) => [file, chroma_delta, grayscale_like])).toEqual([
      ['nobg/cut.png', 0, true],
      ['nobg/red-subject.png', 106.6667, false],
    ]);
    expect(result.summary).toEqual({ total_files: 2, hard_failures: 1, soft_warnings: 1 });
  });
});

describe('buildOutputGuardReport: inputs', () => {
  it('reports an undecodable file as image_read_failed with the decoder message', async () => {
    mkdirSync(box.path('d'));
    writeFileSync(box.path('d', 'broken.png'), 'not a png at all');
    await writeSolidPng(box.path('d', 'ok.png'), { r: 3, g: 3, b: 3 });
    const result = await report('d');
    const broken = result.files[0];
    expect(broken).toMatchObject({
      file: 'd/broken.png',
      chroma_delta: null,
      grayscale_like: null,
      hard_fail_reasons: ['image_read_failed'],
      soft_warnings: [],
    });
    expect(typeof broken?.error).toBe('string');
    expect(broken?.error?.length).toBeGreaterThan(0);
    expect(result.summary).toEqual({ total_files: 2, hard_failures: 1, soft_warnings: 0 });
  });

  it('reports a missing input as one input_not_found entry with 0 files', async () => {
    expect(await report('nope')).toEqual({
      input: 'nope',
      settings: DEFAULTS,
      summary: { total_files: 0, hard_failures: 1, soft_warnings: 0 },
      files: [
        {
          file: 'nope',
          chroma_delta: null,
          grayscale_like: null,
          hard_fail_reasons: ['input_not_found'],
          soft_warnings: [],
          error: 'input_not_found',
        },
      ],
    });
  });

  it('reports a directory without images as no_images_found (non-images are ignored)', async () => {
    mkdirSync(box.path('empty', 'sub'), { recursive: true });
    writeFileSync(box.path('empty', 'notes.txt'), 'x');
    const result = await report('empty');
    expect(result.summary).toEqual({ total_files: 0, hard_failures: 1, soft_warnings: 0 });
    expect(result.files).toEqual([
      {
        file: 'empty',
        chroma_delta: null,
        grayscale_like: null,
        hard_fail_reasons: ['no_images_found'],
        soft_warnings: [],
        error: 'no_images_found',
      },
    ]);
  });

  it('walks sub-directories, sorts each directory by name and matches extensions in any case', async () => {
    for (const name of ['b.PNG', 'a/z.png', 'a/y.jpeg', 'C.webp', 'a.txt'])
      if (name.endsWith('.txt')) writeFileSync(box.path('tree', name), 'x');
      else await writeSolidPng(box.path('tree', name), { r: 9, g: 9, b: 9 });
    const result = await report('tree');
    expect(result.files.map((entry) => entry.file)).toEqual(['tree/C.webp', 'tree/a/y.jpeg', 'tree/a/z.png', 'tree/b.PNG']);
  });

  it('prints paths outside the root as absolute paths', async () => {
    const outside = createQaSandbox();
    try {
      const file = await writeSolidPng(outside.path('far.png'), { r: 1, g: 1, b: 1 });
      const result = await report(file);
      expect(result.input).toBe(file);
      expect(result.files[0]?.file).toBe(file);
    } finally {
      outside.cleanup();
    }
  });

  it('measures at most 4 images at a time and keeps the listing order', async () => {
    const names = Array.from({ length: 12 }, (_, index) => `img_${String(index).padStart(2, '0')}.png`);
    for (const name of names) await writeSolidPng(box.path('many', name), { r: 5, g: 5, b: 5 });
    let inFlight = 0;
    let peak = 0;
    const counting: ImageAnalyzer = {
      async measure(path) {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        try {
          return await analyzer.measure(path);
        } finally {
          inFlight -= 1;
        }
      },
    };
    const result = await report('many', DEFAULTS, counting);
    expect(peak).toBe(4);
    expect(result.files.map((entry) => entry.file)).toEqual(names.map((name) => `many/${name}`));
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAIImageEditor, RemoveBgRemover, SharpColorCorrector, SharpUpscaler } from '@kroma/adapters';
import { makeTestPng, makeTestPngWithTransparentRegion, startFakeOpenAIImagesServer } from '@kroma/adapters/testing';
import type { TFakeOpenAIServer } from '@kroma/adapters/testing';
import { DEFAULT_COLOR_PROFILES, DEFAULT_POSTPROCESS_CONFIG } from '@kroma/contract';
import type { TRunLogPostprocess } from '@kroma/contract';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_REFINE_EDITOR_MESSAGE, runPostprocessChain } from '../src/postprocess/index.js';
import type { TPostprocessInput } from '../src/postprocess/index.js';

const NOW = new Date('2026-02-25T01:20:56.123Z');
const STAMP = '2026-02-25T01-20-56-123Z';
const CUTOUT = 'var/projects/demo/background_removed/job_nobg.png';

let appRoot: string;
let projectRoot: string;
let openai: TFakeOpenAIServer;
let cutoutServer: { url: string; requests: number; close(): Promise<void> };

beforeEach(async () => {
  appRoot = mkdtempSync(join(tmpdir(), 'kroma-refine-'));
  projectRoot = join(appRoot, 'var', 'projects', 'demo');
  mkdirSync(join(projectRoot, 'outputs'), { recursive: true });
  writeFileSync(join(projectRoot, 'outputs', 'job.png'), await makeTestPng({ width: 8, height: 6, color: { r: 90, g: 120, b: 150 } }));
  openai = await startFakeOpenAIImagesServer({ color: { r: 10, g: 20, b: 30, alpha: 0.5 } });
  const cutout = await makeTestPngWithTransparentRegion({ width: 8, height: 6, color: { r: 200, g: 60, b: 40 }, transparent: { left: 0, top: 0, width: 2, height: 2 } });
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    state.requests += 1;
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'image/png' }).end(cutout));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cutoutServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/removebg`,
    get requests() {
      return state.requests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
});
afterEach(async () => {
  await Promise.all([openai.close(), cutoutServer.close()]);
  rmSync(appRoot, { recursive: true, force: true });
});

const planned = (required: boolean, color = false): TRunLogPostprocess => ({
  upscale: false,
  upscale_backend: null,
  color,
  color_profile: color ? 'neutral' : null,
  bg_remove: true,
  bg_remove_backends: ['removebg'],
  bg_refine_openai: true,
  bg_refine_openai_required: required,
  pipeline_order: ['generate', 'bg_remove', 'bg_refine_openai', ...(color ? ['color'] : [])],
});

function input(plan: TRunLogPostprocess, withEditor = true): TPostprocessInput {
  return {
    rawOutput: join(projectRoot, 'outputs', 'job.png'),
    projectRoot,
    appRoot,
    planned: plan,
    config: DEFAULT_POSTPROCESS_CONFIG,
    adapters: {
      backgroundRemovers: { removebg: new RemoveBgRemover({ endpoint: cutoutServer.url, env: { REMOVE_BG_API_KEY: 'rb-key' } }) },
      ...(withEditor && { refineEditor: new OpenAIImageEditor({ apiKey: 'sk-test', baseURL: openai.url }) }),
      upscalers: { sharp: new SharpUpscaler() },
      colorCorrector: new SharpColorCorrector(),
    },
    colorProfiles: DEFAULT_COLOR_PROFILES,
    refine: { model: 'gpt-image-1', quality: 'medium', prompt: 'clean the edges', timeoutMs: 5000 },
    now: () => NOW,
  };
}

const backgroundRemovedFiles = (): string[] => readdirSync(join(projectRoot, 'background_removed')).sort();

describe('OpenAI refine of the cut-out', () => {
  it('replaces the cut-out with the refined image and archives the pre-refine cut-out', async () => {
    const outcome = await runPostprocessChain(input(planned(true)));
    expect(outcome.bg_remove).toEqual({
      input: 'var/projects/demo/outputs/job.png',
      output: CUTOUT,
      backend: 'removebg',
      backends_tried: ['removebg'],
      refine_openai: true,
      refine_error: null,
    });
    expect(outcome.refineCalls).toBe(1);
    expect(outcome.refineUsage?.output_tokens).toBe(1584);
    const [call] = openai.calls;
    expect(openai.calls).toHaveLength(1);
    expect([call?.model, call?.quality, call?.prompt, call?.background, call?.input_fidelity, call?.output_format]).toEqual([
      'gpt-image-1',
      'medium',
      'clean the edges',
      'transparent',
      'high',
      'png',
    ]);
    expect(call?.images.map((image) => image.name)).toEqual(['job_nobg.png']);
    expect(backgroundRemovedFiles()).toEqual(['job_nobg.png']);
    // The fake answers 1024×1536 at half alpha: the refined file, not the 8×6 cut-out, is in place.
    const refined = await sharp(join(projectRoot, 'background_removed', 'job_nobg.png')).metadata();
    expect([refined.width, refined.height, refined.hasAlpha]).toEqual([1024, 1536, true]);
    const archived = join(projectRoot, 'archive', 'replaced', `job_nobg_replaced_${STAMP}.png`);
    expect(readdirSync(join(projectRoot, 'archive', 'replaced'))).toEqual([`job_nobg_replaced_${STAMP}.png`]);
    expect((await sharp(archived).metadata()).width).toBe(8);
  });

  it('fails a required refine on a 500 and leaves no temp file', async () => {
    openai.failNext({ status: 500, message: 'refine exploded' });
    const message = await runPostprocessChain(input(planned(true))).then(
      () => 'no error',
      (error: Error) => error.message,
    );
    expect(message).toMatch(new RegExp(`^OpenAI refine failed for ${CUTOUT}: .*refine exploded`));
    expect(openai.calls.map((call) => call.status)).toEqual([500]);
    expect(backgroundRemovedFiles()).toEqual(['job_nobg.png']);
  });

  it('records refine_error for an optional refine on a 500 and goes on with the chain', async () => {
    openai.failNext({ status: 500, message: 'refine exploded' });
    const outcome = await runPostprocessChain(input(planned(false, true)));
    expect(outcome.bg_remove?.refine_openai).toBe(false);
    expect(outcome.bg_remove?.refine_error).toMatch(new RegExp(`^OpenAI refine failed for ${CUTOUT}: .*refine exploded`));
    expect(outcome.refineCalls).toBe(1);
    expect(outcome.refineUsage).toBeUndefined();
    expect(outcome.color?.output).toBe('var/projects/demo/color_corrected/job_nobg_neutral.png');
    expect(backgroundRemovedFiles()).toEqual(['job_nobg.png']);
    expect((await sharp(join(projectRoot, 'background_removed', 'job_nobg.png')).metadata()).width).toBe(8);
    expect(existsSync(join(projectRoot, 'archive', 'replaced'))).toBe(false);
  });

  it('refuses a required refine without an image editor before any work', async () => {
    await expect(runPostprocessChain(input(planned(true), false))).rejects.toThrow(NO_REFINE_EDITOR_MESSAGE);
    expect(cutoutServer.requests).toBe(0);
    expect(existsSync(join(projectRoot, 'background_removed'))).toBe(false);
  });

  it('records the missing editor for an optional refine', async () => {
    const outcome = await runPostprocessChain(input(planned(false), false));
    expect(outcome.bg_remove?.refine_error).toBe(NO_REFINE_EDITOR_MESSAGE);
    expect([outcome.bg_remove?.refine_openai, outcome.refineCalls]).toEqual([false, 0]);
  });
});

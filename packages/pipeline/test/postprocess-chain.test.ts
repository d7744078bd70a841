import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PhotoroomRemover, REMBG_INSTALL_HINT, RembgRemover, RemoveBgRemover, SharpColorCorrector, SharpUpscaler } from '@kroma/adapters';
import { makeTestPng, makeTestPngWithTransparentRegion } from '@kroma/adapters/testing';
import { DEFAULT_COLOR_PROFILES, DEFAULT_POSTPROCESS_CONFIG, resolvePostprocessConfig } from '@kroma/contract';
import type { TPostprocessConfig, TRunLogPostprocess } from '@kroma/contract';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPostprocessChain } from '../src/postprocess/index.js';
import type { TPostprocessInput } from '../src/postprocess/index.js';

const NOW = new Date('2026-02-25T01:20:56.123Z');
const STAMP = '2026-02-25T01-20-56-123Z';
const KEYS = { PHOTOROOM_API_KEY: 'pr-key', REMOVE_BG_API_KEY: 'rb-key' };

interface TCutoutServer {
  url: string;
  formats: string[];
  close(): Promise<void>;
}

/** A remove.bg/Photoroom-style endpoint: answers `status`, or a cut-out (2×2 transparent corner) in the asked format. */
async function startCutoutServer(status = 200): Promise<TCutoutServer> {
  const formats: string[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const form = await new Request('http://127.0.0.1/', { method: 'POST', headers, body: Buffer.concat(chunks) }).formData();
      const format = String(form.get('format'));
      formats.push(format);
      if (status !== 200) {
        res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"boom"}');
        return;
      }
      const upload = form.get('image_file') as Blob;
      const { width = 1, height = 1 } = await sharp(Buffer.from(await upload.arrayBuffer())).metadata();
      const png = await makeTestPngWithTransparentRegion({ width, height, color: { r: 200, g: 60, b: 40 }, transparent: { left: 0, top: 0, width: 2, height: 2 } });
      const body = format === 'webp' ? await sharp(png).webp({ lossless: true }).toBuffer() : png;
      res.writeHead(200, { 'content-type': `image/${format}` }).end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/segment`, formats, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let appRoot: string;
let projectRoot: string;
let failing: TCutoutServer;
let working: TCutoutServer;
beforeEach(async () => {
  appRoot = mkdtempSync(join(tmpdir(), 'kroma-postprocess-'));
  projectRoot = join(appRoot, 'var', 'projects', 'demo');
  mkdirSync(join(projectRoot, 'outputs'), { recursive: true });
  [failing, working] = await Promise.all([startCutoutServer(500), startCutoutServer()]);
});
afterEach(async () => {
  await Promise.all([failing.close(), working.close()]);
  rmSync(appRoot, { recursive: true, force: true });
});

const PLANNED_ALL: TRunLogPostprocess = {
  upscale: true,
  upscale_backend: 'sharp',
  color: true,
  color_profile: 'cinematic-v2',
  bg_remove: true,
  bg_remove_backends: ['rembg', 'photoroom', 'removebg'],
  bg_refine_openai: false,
  bg_refine_openai_required: false,
  pipeline_order: ['generate', 'bg_remove', 'upscale', 'color'],
};

async function rawCandidate(name = 'style_1_scene_01__c2.png'): Promise<string> {
  const path = join(projectRoot, 'outputs', name);
  writeFileSync(path, await makeTestPng({ width: 8, height: 6, color: { r: 90, g: 120, b: 150 } }));
  return path;
}

function chainInput(rawOutput: string, planned: TRunLogPostprocess, config: TPostprocessConfig): TPostprocessInput {
  return {
    rawOutput,
    projectRoot,
    appRoot,
    planned,
    config,
    adapters: {
      backgroundRemovers: {
        rembg: new RembgRemover({ pythonBin: join(appRoot, 'tools', 'rembg', 'no-python') }),
        photoroom: new PhotoroomRemover({ endpoint: failing.url, env: KEYS }),
        removebg: new RemoveBgRemover({ endpoint: working.url, env: KEYS }),
      },
      upscalers: { sharp: new SharpUpscaler() },
      colorCorrector: new SharpColorCorrector(),
    },
    colorProfiles: { ...DEFAULT_COLOR_PROFILES, 'cinematic-v2': DEFAULT_COLOR_PROFILES['cinematic_warm'] ?? {} },
    refine: { model: 'gpt-image-1', quality: 'high', prompt: 'clean edges', timeoutMs: 5000 },
    now: () => NOW,
  };
}

const WEBP_X4 = resolvePostprocessConfig({ bg_remove: { format: 'webp' }, upscale: { scale: 4 } });
const rel = (path: string): string => `var/projects/demo/${path}`;

describe('runPostprocessChain', () => {
  it('runs bg_remove → upscale → colour with the §3.3 example names, falling back over failing backends', async () => {
    const raw = await rawCandidate();
    const outcome = await runPostprocessChain(chainInput(raw, PLANNED_ALL, WEBP_X4));
    expect(outcome).toEqual({
      finalOutput: join(projectRoot, 'color_corrected', 'style_1_scene_01__c2_nobg_x4_cinematic-v2.png'),
      bg_remove: {
        input: rel('outputs/style_1_scene_01__c2.png'),
        output: rel('background_removed/style_1_scene_01__c2_nobg.webp'),
        backend: 'removebg',
        backends_tried: ['rembg', 'photoroom', 'removebg'],
        refine_openai: false,
        refine_error: null,
      },
      upscale: {
        backend: 'sharp',
        input: rel('background_removed/style_1_scene_01__c2_nobg.webp'),
        output: rel('upscaled/style_1_scene_01__c2_nobg_x4.png'),
        scale: 4,
        model: 'lanczos3',
      },
      color: {
        input: rel('upscaled/style_1_scene_01__c2_nobg_x4.png'),
        output: rel('color_corrected/style_1_scene_01__c2_nobg_x4_cinematic-v2.png'),
        profile: 'cinematic-v2',
        settings: 'builtin',
      },
      refineCalls: 0,
    });
    expect([failing.formats, working.formats]).toEqual([['webp'], ['webp']]);
    const cutout = await sharp(join(projectRoot, 'background_removed', 'style_1_scene_01__c2_nobg.webp')).metadata();
    expect([cutout.format, cutout.width, cutout.height]).toEqual(['webp', 8, 6]);
    const upscaled = await sharp(join(projectRoot, 'upscaled', 'style_1_scene_01__c2_nobg_x4.png')).metadata();
    expect([upscaled.format, upscaled.width, upscaled.height]).toEqual(['png', 32, 24]);
  });

  it('keeps the cut-out transparency through upscale and colour', async () => {
    const outcome = await runPostprocessChain(chainInput(await rawCandidate(), PLANNED_ALL, WEBP_X4));
    const { data, info } = await sharp(outcome.finalOutput).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([32, 24, 4]);
    const alphaAt = (x: number, y: number): number | undefined => data[(y * info.width + x) * 4 + 3];
    expect([alphaAt(0, 0), alphaAt(3, 3), alphaAt(31, 23), alphaAt(20, 10)]).toEqual([0, 0, 255, 255]);
  });

  it('archives every replaced pass target to archive/replaced before writing it again', async () => {
    const raw = await rawCandidate();
    await runPostprocessChain(chainInput(raw, PLANNED_ALL, WEBP_X4));
    await runPostprocessChain(chainInput(raw, PLANNED_ALL, WEBP_X4));
    expect(readdirSync(join(projectRoot, 'archive', 'replaced')).sort()).toEqual([
      `style_1_scene_01__c2_nobg_replaced_${STAMP}.webp`,
      `style_1_scene_01__c2_nobg_x4_cinematic-v2_replaced_${STAMP}.png`,
      `style_1_scene_01__c2_nobg_x4_replaced_${STAMP}.png`,
    ]);
    expect(readdirSync(join(projectRoot, 'color_corrected'))).toEqual(['style_1_scene_01__c2_nobg_x4_cinematic-v2.png']);
  });

  it('reports every backend failure when none succeeds', async () => {
    const planned = { ...PLANNED_ALL, bg_remove_backends: ['rembg', 'photoroom'] };
    const noPython = join(appRoot, 'tools', 'rembg', 'no-python');
    await expect(runPostprocessChain(chainInput(await rawCandidate(), planned, WEBP_X4))).rejects.toThrow(
      `bg_remove failed: rembg: rembg is not installed: executable ${noPython} does not exist; ${REMBG_INSTALL_HINT} | photoroom: HTTP 500: {"error":"boom"}`,
    );
    expect(existsSync(join(projectRoot, 'upscaled'))).toBe(false);
  });

  it('upscales with the built-in sharp backend when no backend is planned, and names .jpg by the upscale format', async () => {
    const planned: TRunLogPostprocess = { ...PLANNED_ALL, bg_remove: false, bg_remove_backends: [], color: false, color_profile: null, upscale_backend: null };
    const config = resolvePostprocessConfig({ upscale: { format: 'jpg' } });
    const outcome = await runPostprocessChain(chainInput(await rawCandidate('job.png'), planned, config));
    expect(outcome).toEqual({
      finalOutput: join(projectRoot, 'upscaled', 'job_x2.jpg'),
      upscale: { backend: 'sharp', input: rel('outputs/job.png'), output: rel('upscaled/job_x2.jpg'), scale: 2, model: 'lanczos3' },
      refineCalls: 0,
    });
    expect((await sharp(outcome.finalOutput).metadata()).format).toBe('jpeg');
  });

  it('fails before any work on an unknown upscale backend or colour profile', async () => {
    const raw = await rawCandidate();
    await expect(runPostprocessChain(chainInput(raw, { ...PLANNED_ALL, upscale_backend: 'python' }, WEBP_X4))).rejects.toThrow(
      'upscale backend "python" is not available (available: sharp)',
    );
    await expect(runPostprocessChain(chainInput(raw, { ...PLANNED_ALL, color_profile: 'sepia' }, WEBP_X4))).rejects.toThrow(
      'unknown colour profile "sepia" (known: cinematic-v2, cinematic_warm, cold_rain, neutral)',
    );
    expect(working.formats).toEqual([]);
    expect(existsSync(join(projectRoot, 'background_removed'))).toBe(false);
  });

  it('returns the raw output untouched when every pass is off', async () => {
    const raw = await rawCandidate();
    const planned: TRunLogPostprocess = { ...PLANNED_ALL, upscale: false, upscale_backend: null, color: false, color_profile: null, bg_remove: false, bg_remove_backends: [], pipeline_order: ['generate'] };
    expect(await runPostprocessChain(chainInput(raw, planned, DEFAULT_POSTPROCESS_CONFIG))).toEqual({ finalOutput: raw, refineCalls: 0 });
  });
});

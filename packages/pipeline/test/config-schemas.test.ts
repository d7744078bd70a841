import {
  DEFAULT_COLOR_PROFILES,
  DEFAULT_PIPELINE_MANIFEST,
  DEFAULT_POSTPROCESS_CONFIG,
  ZColorSettingsFileSchema,
  ZPipelineSettingsLayerSchema,
} from '@kroma/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWithSchema } from '../src/config/issues.js';
import { checkPipelineManifest, checkPostprocessConfig, planPostprocess } from '../src/index.js';
import { createSandbox } from './config-fixtures.js';

const sandbox = createSandbox();
const roots = { appRoot: sandbox.appRoot, projectRoot: sandbox.projectRoot };
afterAll(() => sandbox.cleanup());

const manifestProblem = (value: unknown): string => {
  const result = checkPipelineManifest(value, roots);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(value)}`);
  return result.detail;
};
const manifestOf = (value: unknown) => {
  const result = checkPipelineManifest(value, roots);
  if (!result.ok) throw new Error(result.detail);
  return result.manifest;
};

describe('planning manifest (strict reader)', () => {
  it.each([
    [[], 'root must be an object'],
    ['text', 'root must be an object'],
    [{ scene_refs: 'a.png' }, 'scene_refs must be an array of non-empty strings'],
    [{ scene_refs: ['a.png', 1] }, 'scene_refs[1] must be a non-empty string'],
    [{ scene_refs: ['a.png', '   '] }, 'scene_refs[1] must be a non-empty string'],
    [{ style_refs: [null] }, 'style_refs[0] must be a non-empty string'],
    [{ safe_batch_limit: 0 }, 'safe_batch_limit must be an integer >= 1'],
    [{ safe_batch_limit: 1.5 }, 'safe_batch_limit must be an integer >= 1'],
    [{ safe_batch_limit: '20' }, 'safe_batch_limit must be an integer >= 1'],
    [{ safe_batch_limit: null }, 'safe_batch_limit must be an integer >= 1'],
    [{ generation: [] }, 'generation must be an object'],
    [{ generation: { candidates: 0 } }, 'generation.candidates must be an integer >= 1'],
    [{ generation: { max_candidates: 2.5 } }, 'generation.max_candidates must be an integer >= 1'],
    [{ output_guard: { enforce_grayscale: 'true' } }, 'output_guard.enforce_grayscale must be a boolean'],
    [{ output_guard: { max_chroma_delta: -0.5 } }, 'output_guard.max_chroma_delta must be a finite number >= 0'],
    [{ output_guard: { max_chroma_delta: '2' } }, 'output_guard.max_chroma_delta must be a finite number >= 0'],
    [{ output_guard: { fail_on_chroma_exceed: 1 } }, 'output_guard.fail_on_chroma_exceed must be a boolean'],
    [{ policy: { default_no_invention: 'yes' } }, 'policy.default_no_invention must be a boolean'],
    [{ policy: { allowed_style_roots: ['styles', ''] } }, 'policy.allowed_style_roots[1] must be a non-empty string'],
    [{ prompts: 'x' }, 'prompts must be an object'],
    [{ prompts: { time_day: 5 } }, 'prompts.time_day must be a string'],
    [{ prompts: { style_base: '  ' } }, 'prompts.style_base must be a non-empty string'],
  ])('%j → %s', (value, detail) => {
    expect(manifestProblem(value)).toBe(detail);
  });

  it('reports every problem, in field order', () => {
    expect(manifestProblem({ safe_batch_limit: 0, generation: { candidates: 0, max_candidates: 'x' } })).toBe(
      'safe_batch_limit must be an integer >= 1; generation.candidates must be an integer >= 1; ' +
        'generation.max_candidates must be an integer >= 1',
    );
  });

  it('fills defaults, trims lists, extends prompts and ignores unknown keys', () => {
    expect(manifestOf({})).toEqual(DEFAULT_PIPELINE_MANIFEST);
    const manifest = manifestOf({
      scene_refs: [' a.png ', 'b.png'],
      generation: { candidates: 2 },
      output_guard: { max_chroma_delta: 0 },
      policy: { default_no_invention: false },
      prompts: { style_base: ' Custom base ', extra_note: 'kept' },
      notes: 'ignored',
    });
    expect(manifest.scene_refs).toEqual(['a.png', 'b.png']);
    expect(manifest.generation).toEqual({ candidates: 2, max_candidates: 6 });
    expect(manifest.output_guard).toEqual({ enforce_grayscale: false, max_chroma_delta: 0, fail_on_chroma_exceed: false });
    expect(manifest.policy).toEqual({ default_no_invention: false });
    expect(manifest.prompts.style_base).toBe('Custom base');
    expect(manifest.prompts.extra_note).toBe('kept');
    expect(manifest.prompts.weather_rain).toBe(DEFAULT_PIPELINE_MANIFEST.prompts.weather_rain);
    expect(manifest).not.toHaveProperty('notes');
  });

  it('accepts 2.0 for an integer (JSON.parse cannot tell it from 2)', () => {
    expect(manifestOf(JSON.parse('{"safe_batch_limit": 2.0}')).safe_batch_limit).toBe(2);
  });

  it('keeps image refs inside the app root or the project root', () => {
    expect(manifestProblem({ scene_refs: ['ok.png', '../escape.png'] })).toBe(
      'scene_refs[1] must stay inside the app root or the project root',
    );
    expect(manifestProblem({ style_refs: ['/etc/passwd'] })).toBe('style_refs[0] must stay inside the app root or the project root');
    expect(manifestOf({ scene_refs: [`${sandbox.projectRoot}/scenes/a.png`] }).scene_refs).toHaveLength(1);
  });

  it('enforces policy.allowed_style_roots (a root itself or below it; a shared name prefix is not enough)', () => {
    const policy = { allowed_style_roots: ['styles', 'shared/refs'] };
    expect(manifestOf({ style_refs: ['styles/a.png', './shared/refs/b.png', 'styles'], policy }).style_refs).toHaveLength(3);
    expect(manifestProblem({ style_refs: ['styles/a.png', 'styles2/b.png'], policy })).toBe(
      'style_refs[1] is not under any of policy.allowed_style_roots',
    );
    expect(manifestProblem({ style_refs: ['styles/../secret/c.png'], policy })).toBe(
      'style_refs[0] is not under any of policy.allowed_style_roots',
    );
    expect(manifestOf({ style_refs: ['anything.png'], policy: { allowed_style_roots: [] } }).style_refs).toEqual(['anything.png']);
  });
});

const postprocessProblem = async (value: unknown): Promise<string> => {
  const result = await checkPostprocessConfig(value, roots);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(value)}`);
  return result.detail;
};
const postprocessOf = async (value: unknown) => {
  const result = await checkPostprocessConfig(value, roots);
  if (!result.ok) throw new Error(result.detail);
  return result.config;
};

describe('post-process config', () => {
  it.each([
    [[], 'root must be an object'],
    [{ upscale: 'fast' }, 'upscale must be an object'],
    [{ upscale: { backend: 'gpu' } }, 'upscale.backend must be one of: sharp, python, ncnn'],
    [{ upscale: { backend: 3 } }, 'upscale.backend must be one of: sharp, python, ncnn'],
    [{ upscale: { scale: 0 } }, 'upscale.scale must be an integer between 1 and 255'],
    [{ upscale: { scale: 256 } }, 'upscale.scale must be an integer between 1 and 255'],
    [{ upscale: { scale: 2.5 } }, 'upscale.scale must be an integer between 1 and 255'],
    [{ upscale: { format: 'gif' } }, 'upscale.format must be one of: png, jpg, webp, jpeg'],
    [{ upscale: { python: { fp32: 'no' } } }, 'upscale.python.fp32 must be a boolean'],
    [{ upscale: { python: { gpu_id: -1 } } }, 'upscale.python.gpu_id must be an integer >= 0'],
    [{ upscale: { tile: -1 } }, 'upscale.tile must be an integer >= 0'],
    [{ color: 'warm' }, 'color must be an object'],
    [{ color: { default_profile: 3 } }, 'color.default_profile must be a non-empty string'],
    [{ color: { default_profile: ' ' } }, 'color.default_profile must be a non-empty string'],
    [{ color: { settings_file: false } }, 'color.settings_file must be a string'],
    [{ color: { settings_file: '../profiles.json' } }, 'color.settings_file must stay inside the app root or the project root'],
    [{ bg_remove: { backends: 'rembg' } }, 'bg_remove.backends must be an array of backend names'],
    [{ bg_remove: { backends: ['rembg', 'clipdrop'] } }, 'bg_remove.backends[1] must be one of: rembg, photoroom, removebg'],
    [{ bg_remove: { backends: [] } }, 'bg_remove.backends must list at least one backend'],
    [{ bg_remove: { format: 'bmp' } }, 'bg_remove.format must be one of: png, jpg, webp, jpeg'],
    [{ bg_remove: { crop: 'yes' } }, 'bg_remove.crop must be a boolean'],
    [{ bg_remove: { openai: true } }, 'bg_remove.openai must be an object'],
    [{ bg_remove: { openai: { enabled: 'true' } } }, 'bg_remove.openai.enabled must be a boolean'],
    [{ bg_remove: { openai: { required: null } } }, 'bg_remove.openai.required must be a boolean'],
    [{ bg_remove: { photoroom: { endpoint: '' } } }, 'bg_remove.photoroom.endpoint must be a non-empty string'],
  ])('%j → %s', async (value, detail) => {
    expect(await postprocessProblem(value)).toBe(detail);
  });

  it('fills defaults two levels deep and normalises names', async () => {
    expect(await postprocessOf({})).toEqual(DEFAULT_POSTPROCESS_CONFIG);
    const config = await postprocessOf({
      upscale: { backend: ' NCNN ', format: 'JPEG', python: { tile: 4, gpu_id: null } },
      color: { default_profile: 'cinematic-v2', settings_file: '' },
      bg_remove: { backends: ['PhotoRoom', 'removebg'], format: 'jpeg', openai: { enabled: false } },
    });
    expect(config.upscale.backend).toBe('ncnn');
    expect(config.upscale.format).toBe('jpg');
    expect(config.upscale.python).toEqual({ ...DEFAULT_POSTPROCESS_CONFIG.upscale.python, tile: 4 });
    expect(config.color.default_profile).toBe('cinematic-v2');
    expect(config.bg_remove.backends).toEqual(['photoroom', 'removebg']);
    expect(config.bg_remove.format).toBe('jpg');
    expect(config.bg_remove.openai).toEqual({ ...DEFAULT_POSTPROCESS_CONFIG.bg_remove.openai, enabled: false });
    expect(config.bg_remove.rembg).toEqual(DEFAULT_POSTPROCESS_CONFIG.bg_remove.rembg);
  });

  it('defaults upscale.backend to the built-in sharp upscaler and plans it; python and ncnn stay selectable', async () => {
    const defaults = await postprocessOf({});
    expect(defaults.upscale.backend).toBe('sharp');
    expect(planPostprocess(defaults, { upscale: true }).upscale_backend).toBe('sharp');
    expect(planPostprocess(defaults, { upscale: true, upscaleBackend: 'ncnn' }).upscale_backend).toBe('ncnn');
    expect((await postprocessOf({ upscale: { backend: 'Python' } })).upscale.backend).toBe('python');
    expect((await postprocessOf({ upscale: { backend: 'SHARP' } })).upscale.backend).toBe('sharp');
    expect(ZPipelineSettingsLayerSchema.parse({ postprocess: { upscale_backend: ' Sharp ' } })).toEqual({ postprocess: { upscale_backend: 'sharp' } });
  });
});

describe('settings layer schema', () => {
  const problem = (value: unknown) => {
    const result = parseWithSchema(ZPipelineSettingsLayerSchema, value);
    if (result.ok) throw new Error(`accepted: ${JSON.stringify(value)}`);
    return result.detail;
  };

  it.each([
    [[], 'root must be an object'],
    [{ manifest_path: '' }, 'manifest_path must be a non-empty string'],
    [{ postprocess_config_path: 7 }, 'postprocess_config_path must be a non-empty string'],
    [{ postprocess: [] }, 'postprocess must be an object'],
    [{ postprocess: { upscale: 'yes' } }, 'postprocess.upscale must be a boolean'],
    [{ postprocess: { upscale_backend: 'cuda' } }, 'postprocess.upscale_backend must be one of: sharp, python, ncnn'],
    [{ postprocess: { color: 0 } }, 'postprocess.color must be a boolean'],
    [{ postprocess: { color_profile: '  ' } }, 'postprocess.color_profile must be a non-empty string'],
    [{ postprocess: { bg_remove: null } }, 'postprocess.bg_remove must be a boolean'],
    [{ postprocess: { bg_remove_backends: 'rembg' } }, 'postprocess.bg_remove_backends must be an array of backend names'],
    [{ postprocess: { bg_remove_backends: ['rembg', ''] } }, 'postprocess.bg_remove_backends[1] must be one of: rembg, photoroom, removebg'],
    [{ postprocess: { bg_refine_openai: 'on' } }, 'postprocess.bg_refine_openai must be a boolean'],
    [{ postprocess: { bg_refine_openai_required: 1 } }, 'postprocess.bg_refine_openai_required must be a boolean'],
    [{ pipeline: 5 }, 'pipeline must be an object'],
    [{ pipeline: { postprocess: { color: 'yes' } } }, 'pipeline.postprocess.color must be a boolean'],
  ])('%j → %s', (value, detail) => {
    expect(problem(value)).toBe(detail);
  });

  it('honours the pipeline wrapper: it is the layer, keys beside it are ignored', () => {
    const parse = (value: unknown) => ZPipelineSettingsLayerSchema.parse(value);
    expect(parse({ manifest_path: 'a.json', pipeline: { manifest_path: 'b.json' } })).toEqual({ manifest_path: 'b.json' });
    expect(parse({ manifest_path: 'a.json', pipeline: {} })).toEqual({});
    expect(parse({ manifest_path: ' a.json ', postprocess: { upscale_backend: 'NCNN' }, other: 1 })).toEqual({
      manifest_path: 'a.json',
      postprocess: { upscale_backend: 'ncnn' },
    });
  });
});

describe('colour settings file', () => {
  it('needs profiles as an object of objects with finite non-negative numbers', () => {
    const problem = (value: unknown) => {
      const result = parseWithSchema(ZColorSettingsFileSchema, value);
      return result.ok ? 'ok' : result.detail;
    };
    expect(problem({})).toBe('profiles must be an object');
    expect(problem({ profiles: { warm: 1 } })).toBe('profiles.warm must be an object');
    expect(problem({ profiles: { warm: { gamma: -1 } } })).toBe('profiles.warm.gamma must be a finite number >= 0');
    expect(problem({ profiles: DEFAULT_COLOR_PROFILES })).toBe('ok');
  });
});

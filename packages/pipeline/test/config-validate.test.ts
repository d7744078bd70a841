import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_COLOR_PROFILES,
  DEFAULT_PIPELINE_MANIFEST,
  DEFAULT_POSTPROCESS_CONFIG,
  ZColorSettingsFileSchema,
} from '@kroma/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPipelineManifest, loadPostprocessConfig, validatePipelineConfig } from '../src/index.js';
import { createSandbox, rejection, type TConfigSandbox } from './config-fixtures.js';

let box: TConfigSandbox;
let roots: { appRoot: string; projectRoot: string };
beforeEach(() => {
  box = createSandbox();
  roots = { appRoot: box.appRoot, projectRoot: box.projectRoot };
});
afterEach(() => box.cleanup());

const appLayer = (settings: unknown) => box.write(join(box.appRoot, 'settings/pipeline.settings.json'), settings);
const projectLayer = (settings: unknown) => box.write(join(box.projectRoot, '.kroma/pipeline.settings.json'), settings);

describe('validatePipelineConfig', () => {
  it('with no files at all: nothing loaded, nothing resolved', async () => {
    expect(await validatePipelineConfig(roots)).toEqual({
      app_settings_loaded: false,
      project_settings_loaded: false,
      resolved_manifest_path: null,
      resolved_postprocess_config_path: null,
    });
  });

  it('validates the files the layers point at and reports the paths as written', async () => {
    appLayer({ pipeline: { manifest_path: 'cfg/manifest.json', postprocess_config_path: 'cfg/post.json' } });
    box.write(join(box.appRoot, 'cfg/manifest.json'), { scene_refs: ['a.png'], prompts: { style_base: 'ok' } });
    box.write(join(box.appRoot, 'cfg/post.json'), {});
    expect(await validatePipelineConfig(roots)).toEqual({
      app_settings_loaded: true,
      project_settings_loaded: false,
      resolved_manifest_path: 'cfg/manifest.json',
      resolved_postprocess_config_path: 'cfg/post.json',
    });
  });

  it('resolves a project layer path against the app root, not the project root', async () => {
    projectLayer({ manifest_path: 'shared/manifest.json' });
    box.write(join(box.appRoot, 'shared/manifest.json'), {});
    box.write(join(box.projectRoot, 'shared/manifest.json'), { safe_batch_limit: 0 });
    expect(await validatePipelineConfig(roots)).toMatchObject({ project_settings_loaded: true, resolved_manifest_path: 'shared/manifest.json' });
  });

  it('prefixes a manifest problem with the absolute manifest path', async () => {
    const path = box.write(join(box.appRoot, 'cfg/manifest.json'), { generation: { candidates: 0 } });
    expect(await rejection(validatePipelineConfig({ ...roots, manifestPath: 'cfg/manifest.json' }))).toBe(
      `planning manifest validation failed (${path}): generation.candidates must be an integer >= 1`,
    );
    box.write(path, '{"scene_refs": [');
    expect(await rejection(validatePipelineConfig({ ...roots, manifestPath: 'cfg/manifest.json' }))).toMatch(
      new RegExp(`^planning manifest validation failed \\(${path}\\): invalid JSON: `),
    );
    expect(await rejection(validatePipelineConfig({ ...roots, manifestPath: 'cfg/none.json' }))).toBe(
      `planning manifest validation failed (${join(box.appRoot, 'cfg/none.json')}): file not found`,
    );
    expect(await rejection(validatePipelineConfig({ ...roots, manifestPath: 'cfg' }))).toBe(
      `planning manifest validation failed (${join(box.appRoot, 'cfg')}): not a file`,
    );
  });

  it('prefixes a post-process problem with the absolute config path', async () => {
    const path = box.write(join(box.appRoot, 'post.json'), { bg_remove: { backends: ['rembg', 'magic'] } });
    expect(await rejection(validatePipelineConfig({ ...roots, postprocessConfigPath: 'post.json' }))).toBe(
      `postprocess config validation failed (${path}): bg_remove.backends[1] must be one of: rembg, photoroom, removebg`,
    );
    box.write(path, { upscale: { backend: 'gpu' } });
    expect(await rejection(validatePipelineConfig({ ...roots, postprocessConfigPath: path }))).toBe(
      `postprocess config validation failed (${path}): upscale.backend must be one of: sharp, python, ncnn`,
    );
  });

  it('fails on the settings layers before looking at any manifest', async () => {
    box.write(join(box.appRoot, 'bad-manifest.json'), { safe_batch_limit: 0 });
    const layer = projectLayer({ manifest_path: 'bad-manifest.json', postprocess: { upscale: 'yes' } });
    expect(await rejection(validatePipelineConfig(roots))).toBe(
      `settings layer validation failed: project settings (${layer}): postprocess.upscale must be a boolean`,
    );
  });

  it('checks the manifest before the post-process config', async () => {
    box.write(join(box.appRoot, 'm.json'), { scene_refs: 'one.png' });
    box.write(join(box.appRoot, 'p.json'), { upscale: { scale: 0 } });
    expect(await rejection(validatePipelineConfig({ ...roots, manifestPath: 'm.json', postprocessConfigPath: 'p.json' }))).toBe(
      `planning manifest validation failed (${join(box.appRoot, 'm.json')}): scene_refs must be an array of non-empty strings`,
    );
  });

  it('treats blank request paths as absent', async () => {
    appLayer({ manifest_path: 'm.json' });
    box.write(join(box.appRoot, 'm.json'), {});
    const summary = await validatePipelineConfig({ ...roots, manifestPath: '  ', appSettingsPath: '', projectSettingsPath: null });
    expect(summary.resolved_manifest_path).toBe('m.json');
  });

  it('refuses manifest and post-process paths that escape both roots, however they are written', async () => {
    box.write(join(box.outside, 'm.json'), {});
    const escaped = join(box.outside, 'm.json');
    for (const manifestPath of ['../outside/m.json', escaped, 'cfg/../../outside/m.json']) {
      expect(await rejection(validatePipelineConfig({ ...roots, manifestPath }))).toBe(
        `planning manifest validation failed (${escaped}): manifest_path must stay inside the app root or the project root`,
      );
    }
    projectLayer({ postprocess_config_path: escaped });
    expect(await rejection(validatePipelineConfig(roots))).toBe(
      `postprocess config validation failed (${escaped}): postprocess_config_path must stay inside the app root or the project root`,
    );
  });

  it('accepts files under the project root, which may live outside the app root', async () => {
    const manifest = box.write(join(box.projectRoot, 'manifest.json'), { scene_refs: ['scenes/a.png'] });
    const summary = await validatePipelineConfig({ ...roots, manifestPath: manifest });
    expect(summary.resolved_manifest_path).toBe(manifest);
  });

  it('refuses a symlinked manifest whose target is outside both roots', async () => {
    symlinkSync(box.write(join(box.outside, 'm.json'), {}), join(box.appRoot, 'linked.json'));
    expect(await rejection(validatePipelineConfig({ ...roots, manifestPath: 'linked.json' }))).toBe(
      `planning manifest validation failed (${join(box.appRoot, 'linked.json')}): manifest_path must stay inside the app root or the project root`,
    );
  });
});

describe('the repository settings/ files', () => {
  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
  const repoFile = (name: string): unknown => JSON.parse(readFileSync(join(repoRoot, 'settings', name), 'utf8'));
  const repoRoots = () => ({ appRoot: repoRoot, projectRoot: box.projectRoot });

  it('validate cleanly as the app layer', async () => {
    expect(await validatePipelineConfig(repoRoots())).toEqual({
      app_settings_loaded: true,
      project_settings_loaded: false,
      resolved_manifest_path: 'settings/pipeline.manifest.json',
      resolved_postprocess_config_path: 'settings/postprocess.json',
    });
  });

  it('hold exactly the built-in defaults', async () => {
    const manifest = await loadPipelineManifest(join(repoRoot, 'settings/pipeline.manifest.json'), repoRoots());
    expect(manifest).toEqual(DEFAULT_PIPELINE_MANIFEST);
    const postprocess = await loadPostprocessConfig(join(repoRoot, 'settings/postprocess.json'), repoRoots());
    expect(postprocess).toEqual({
      ...DEFAULT_POSTPROCESS_CONFIG,
      color: { ...DEFAULT_POSTPROCESS_CONFIG.color, settings_file: 'settings/color-profiles.json' },
    });
    expect(ZColorSettingsFileSchema.parse(repoFile('color-profiles.json'))).toEqual({
      default_profile: 'neutral',
      profiles: DEFAULT_COLOR_PROFILES,
    });
  });
});

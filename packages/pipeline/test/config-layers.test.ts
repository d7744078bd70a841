import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  layerSetsAnyKey,
  loadAppSettingsLayer,
  loadProjectSettingsLayer,
  mergeSettingsLayers,
  requestSettingsLayer,
  validatePipelineConfig,
} from '../src/index.js';
import { createSandbox, rejection, type TConfigSandbox } from './config-fixtures.js';

let box: TConfigSandbox;
let roots: { appRoot: string; projectRoot: string };
beforeEach(() => {
  box = createSandbox();
  roots = { appRoot: box.appRoot, projectRoot: box.projectRoot };
});
afterEach(() => box.cleanup());

const APP_TOML = `# app defaults
[pipeline]
manifest_path = "settings/manifest.json"

[pipeline.postprocess]
upscale = true
upscale_backend = "NCNN"
bg_remove_backends = ["rembg", "photoroom"]
`;

describe('app layer', () => {
  it('reads settings/pipeline.settings.toml (TOML, [pipeline] wrapper)', async () => {
    const path = box.write(join(box.appRoot, 'settings/pipeline.settings.toml'), APP_TOML);
    const layer = await loadAppSettingsLayer(roots);
    expect(layer.path).toBe(path);
    expect(layer.settings).toEqual({
      manifest_path: 'settings/manifest.json',
      postprocess: { upscale: true, upscale_backend: 'ncnn', bg_remove_backends: ['rembg', 'photoroom'] },
    });
  });

  it('looks in settings/*.toml, settings/*.json, config/*.toml, config/*.json, first found wins', async () => {
    box.write(join(box.appRoot, 'config/pipeline.settings.json'), { manifest_path: 'config-json.json' });
    expect((await loadAppSettingsLayer(roots)).settings.manifest_path).toBe('config-json.json');
    box.write(join(box.appRoot, 'config/pipeline.settings.toml'), 'manifest_path = "config-toml.json"\n');
    expect((await loadAppSettingsLayer(roots)).settings.manifest_path).toBe('config-toml.json');
    box.write(join(box.appRoot, 'settings/pipeline.settings.json'), { pipeline: { manifest_path: 'settings-json.json' } });
    expect((await loadAppSettingsLayer(roots)).settings.manifest_path).toBe('settings-json.json');
    box.write(join(box.appRoot, 'settings/pipeline.settings.toml'), 'manifest_path = "settings-toml.json"\n');
    expect((await loadAppSettingsLayer(roots)).settings.manifest_path).toBe('settings-toml.json');
  });

  it('is an empty layer when no file exists', async () => {
    expect(await loadAppSettingsLayer(roots)).toEqual({ name: 'app', path: null, settings: {} });
  });

  it('takes an explicit path relative to the app root; .toml in any case is TOML, anything else JSON', async () => {
    box.write(join(box.appRoot, 'custom/app.TOML'), '[pipeline.postprocess]\ncolor = true\n');
    expect((await loadAppSettingsLayer(roots, 'custom/app.TOML')).settings).toEqual({ postprocess: { color: true } });
    box.write(join(box.appRoot, 'custom/app.conf'), { postprocess: { color: false } });
    expect((await loadAppSettingsLayer(roots, 'custom/app.conf')).settings).toEqual({ postprocess: { color: false } });
    const missing = await loadAppSettingsLayer(roots, ' custom/missing.json ');
    expect(missing).toEqual({ name: 'app', path: join(box.appRoot, 'custom/missing.json'), settings: {} });
  });

  it('names the file and the problem on a parse or type error', async () => {
    const bad = box.write(join(box.appRoot, 'settings/pipeline.settings.toml'), 'upscale = = true\n');
    expect(await rejection(loadAppSettingsLayer(roots))).toBe(
      `settings layer validation failed: app settings (${bad}): invalid TOML: invalid value (line 1, column 11)`,
    );
    const json = box.write(join(box.appRoot, 'app.json'), '{"manifest_path": }');
    expect(await rejection(loadAppSettingsLayer(roots, 'app.json'))).toMatch(
      new RegExp(`^settings layer validation failed: app settings \\(${json}\\): invalid JSON: `),
    );
    box.write(join(box.appRoot, 'typed.json'), { pipeline: { postprocess: { upscale: 'yes' } } });
    expect(await rejection(loadAppSettingsLayer(roots, 'typed.json'))).toBe(
      `settings layer validation failed: app settings (${join(box.appRoot, 'typed.json')}): pipeline.postprocess.upscale must be a boolean`,
    );
    box.write(join(box.appRoot, 'list.json'), ['manifest_path']);
    expect(await rejection(loadAppSettingsLayer(roots, 'list.json'))).toBe(
      `settings layer validation failed: app settings (${join(box.appRoot, 'list.json')}): root must be an object`,
    );
  });

  it('refuses an explicit path outside the app root and the project root', async () => {
    box.write(join(box.outside, 'app.json'), { manifest_path: 'm.json' });
    expect(await rejection(loadAppSettingsLayer(roots, '../outside/app.json'))).toBe(
      `settings layer validation failed: app_settings_path (${join(box.outside, 'app.json')}) must stay inside the app root or the project root`,
    );
    expect(await rejection(loadAppSettingsLayer(roots, join(box.outside, 'app.json')))).toMatch(/^settings layer validation failed: app_settings_path/);
    const inProject = box.write(join(box.projectRoot, 'app.json'), { manifest_path: 'p.json' });
    expect((await loadAppSettingsLayer(roots, inProject)).settings.manifest_path).toBe('p.json');
  });
});

describe('project layer', () => {
  it('reads <project root>/.kroma/pipeline.settings.json; missing is empty', async () => {
    const path = join(box.projectRoot, '.kroma/pipeline.settings.json');
    expect(await loadProjectSettingsLayer(roots)).toEqual({ name: 'project', path, settings: {} });
    box.write(path, { pipeline: { postprocess_config_path: 'post.json' } });
    expect((await loadProjectSettingsLayer(roots)).settings).toEqual({ postprocess_config_path: 'post.json' });
  });

  it('resolves an explicit path against the project root, and keeps it inside the roots', async () => {
    box.write(join(box.projectRoot, 'conf/layer.json'), { postprocess: { color_profile: 'cold_rain' } });
    expect((await loadProjectSettingsLayer(roots, 'conf/layer.json')).settings).toEqual({ postprocess: { color_profile: 'cold_rain' } });
    expect(await rejection(loadProjectSettingsLayer(roots, '../../outside/layer.json'))).toBe(
      `settings layer validation failed: project_settings_path (${join(box.outside, 'layer.json')}) must stay inside the app root or the project root`,
    );
  });

  it('refuses a symlink inside a root that points outside', async () => {
    const target = box.write(join(box.outside, 'secret.json'), { manifest_path: 'x.json' });
    symlinkSync(target, join(box.projectRoot, 'link.json'));
    expect(await rejection(loadProjectSettingsLayer(roots, 'link.json'))).toMatch(
      /^settings layer validation failed: project_settings_path \(.*link\.json\) must stay inside the app root or the project root$/,
    );
  });
});

describe('merging', () => {
  const app = { manifest_path: 'app.json', postprocess_config_path: 'app-post.json', postprocess: { upscale: false, color_profile: 'neutral', bg_remove_backends: ['rembg' as const] } };
  const project = { manifest_path: 'project.json', postprocess: { upscale: true, upscale_backend: 'ncnn' as const } };

  it('takes each key from request > project > app > built-in defaults', () => {
    const request = requestSettingsLayer({ postprocess_config_path: 'req-post.json', postprocess: { color_profile: 'cold_rain' } });
    expect(mergeSettingsLayers({ app, project, request })).toEqual({
      manifest_path: 'project.json',
      postprocess_config_path: 'req-post.json',
      postprocess: {
        upscale: true,
        color: false,
        bg_remove: false,
        upscale_backend: 'ncnn',
        color_profile: 'cold_rain',
        bg_remove_backends: ['rembg'],
      },
    });
    expect(mergeSettingsLayers({})).toEqual({ postprocess: { upscale: false, color: false, bg_remove: false } });
  });

  it('lets request switches only turn passes on; blank text and empty lists are unset', () => {
    const request = requestSettingsLayer({
      manifest_path: '  ',
      postprocess: { upscale: false, color: true, bg_remove_backends: [], bg_refine_openai: false },
    });
    const merged = mergeSettingsLayers({ app, project, request });
    expect(merged.postprocess.upscale).toBe(true);
    expect(merged.postprocess.color).toBe(true);
    expect(merged.postprocess.bg_remove_backends).toEqual(['rembg']);
    expect(merged.postprocess.bg_refine_openai).toBe(false);
    expect(merged.manifest_path).toBe('project.json');
  });

  it('treats an empty backend list in a file layer as unset too', () => {
    const merged = mergeSettingsLayers({ app, project: { postprocess: { bg_remove_backends: [] } } });
    expect(merged.postprocess.bg_remove_backends).toEqual(['rembg']);
  });

  it('counts a layer as loaded only when it sets a key', () => {
    expect(layerSetsAnyKey({})).toBe(false);
    expect(layerSetsAnyKey({ postprocess: {} })).toBe(false);
    expect(layerSetsAnyKey({ postprocess: { color: false } })).toBe(true);
    expect(layerSetsAnyKey({ manifest_path: 'm.json' })).toBe(true);
  });

  it('applies the same precedence end to end (files on disk + request overrides)', async () => {
    box.write(join(box.appRoot, 'settings/pipeline.settings.toml'), '[pipeline]\nmanifest_path = "a.json"\npostprocess_config_path = "a-post.json"\n');
    box.write(join(box.projectRoot, '.kroma/pipeline.settings.json'), { manifest_path: 'p.json' });
    for (const name of ['a.json', 'p.json', 'r.json']) box.write(join(box.appRoot, name), {});
    box.write(join(box.appRoot, 'a-post.json'), {});
    expect(await validatePipelineConfig(roots)).toEqual({
      app_settings_loaded: true,
      project_settings_loaded: true,
      resolved_manifest_path: 'p.json',
      resolved_postprocess_config_path: 'a-post.json',
    });
    const overridden = await validatePipelineConfig({ ...roots, manifestPath: 'r.json' });
    expect(overridden.resolved_manifest_path).toBe('r.json');
  });
});

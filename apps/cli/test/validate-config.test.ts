import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writeText, type TTempApp } from './helpers.js';

describe('kroma validate-config', () => {
  let app: TTempApp;
  beforeEach(() => {
    app = makeTempApp();
  });
  afterEach(() => app.remove());

  it('prints the summary JSON for a valid manifest and post-process config', async () => {
    writeText(join(app.appRoot, 'settings/pipeline.manifest.json'), JSON.stringify({ generation: { candidates: 2 } }));
    writeText(join(app.appRoot, 'settings/pipeline.settings.json'), JSON.stringify({ manifest_path: 'settings/pipeline.manifest.json' }));
    writeText(join(app.appRoot, 'post.json'), JSON.stringify({ upscale: { backend: 'ncnn' } }));

    const result = await kroma(app, ['validate-config', '--project-root', 'proj', '--postprocess-config', 'post.json']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      app_settings_loaded: true,
      project_settings_loaded: false,
      resolved_manifest_path: 'settings/pipeline.manifest.json',
      resolved_postprocess_config_path: 'post.json',
    });
  });

  it('exits 1 naming the field of an invalid manifest', async () => {
    writeText(join(app.appRoot, 'bad.json'), JSON.stringify({ generation: { candidates: 0 } }));

    const result = await kroma(app, ['validate-config', '--project-root', 'proj', '--manifest', 'bad.json']);

    expect(result.code).toBe(1);
    const printed = JSON.parse(result.stdout) as { ok: boolean; error: string };
    expect(printed.ok).toBe(false);
    expect(printed.error).toContain('planning manifest validation failed');
    expect(printed.error).toContain('generation.candidates');
    expect(result.stderr).toContain('generation.candidates');
  });

  it('exits 1 on an invalid project settings layer', async () => {
    writeText(join(app.projectRoot, '.kroma/pipeline.settings.json'), JSON.stringify({ postprocess: { upscale: 'yes' } }));

    const result = await kroma(app, ['validate-config', '--project-root', 'proj']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('settings layer validation failed');
    expect(result.stderr).toContain('postprocess.upscale');
  });
});

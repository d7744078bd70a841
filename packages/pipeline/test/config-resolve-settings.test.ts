import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePipelineSettings } from '../src/index.js';
import { createSandbox, rejection, type TConfigSandbox } from './config-fixtures.js';

let box: TConfigSandbox;
beforeEach(() => {
  box = createSandbox();
});
afterEach(() => box.cleanup());

const roots = () => ({ appRoot: box.appRoot, projectRoot: box.projectRoot });

describe('resolvePipelineSettings', () => {
  it('without layers or overrides: the built-in manifest and post-process config, every pass off', async () => {
    const settings = await resolvePipelineSettings(roots());

    expect(settings.manifest.generation).toEqual({ candidates: 1, max_candidates: 6 });
    expect(settings.postprocessConfig.upscale.backend).toBe('sharp');
    expect(settings.postprocess).toMatchObject({ upscale: false, color: false, bgRemove: false });
    expect(settings.outputGuardEnabled).toBe(true);
  });

  it('layers app → project → manifest → overrides, an override winning over every layer', async () => {
    box.write(join(box.appRoot, 'settings/pipeline.settings.json'), { manifest_path: 'settings/m.json', postprocess: { bg_refine_openai: true } });
    box.write(join(box.projectRoot, '.kroma/pipeline.settings.json'), { postprocess: { color: true, color_profile: 'cold_rain' } });
    box.write(join(box.appRoot, 'settings/m.json'), { generation: { candidates: 2 }, safe_batch_limit: 5, prompts: { style_base: 'M' } });

    const layered = await resolvePipelineSettings(roots());
    expect(layered.manifest.generation.candidates).toBe(2);
    expect(layered.postprocess).toMatchObject({ color: true, colorProfile: 'cold_rain', bgRefineOpenai: true });

    const overridden = await resolvePipelineSettings(roots(), { candidates: 4, safeBatchLimit: 9, bgRefineOpenai: false, styleBasePrompt: 'FLAG', outputGuardEnabled: false });
    expect(overridden.manifest).toMatchObject({ generation: { candidates: 4 }, safe_batch_limit: 9, prompts: { style_base: 'FLAG' } });
    expect(overridden.postprocess.bgRefineOpenai).toBe(false);
    expect(overridden.outputGuardEnabled).toBe(false);
  });

  it('refuses a manifest path outside both roots with the manifest prefix', async () => {
    box.write(join(box.outside, 'm.json'), {});
    const message = await rejection(resolvePipelineSettings(roots(), { manifest: join(box.outside, 'm.json') }));
    expect(message).toMatch(/^planning manifest validation failed \(.*m\.json\): manifest_path must stay inside/);
  });
});

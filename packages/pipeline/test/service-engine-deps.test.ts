import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createImageEditorFromEnv, createPostprocessTools, SharpImageAnalyzer, type ImageEditor } from '@kroma/adapters';
import { makeTestPng, startFakeOpenAIImagesServer, type TFakeOpenAIServer } from '@kroma/adapters/testing';
import { ZRunLogSchema } from '@kroma/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineDepsFor, executeRun, planTriggeredRun, type TEngineToolsInput, type TTriggerPlan } from '../src/index.js';
import { createSandbox, type TConfigSandbox } from './config-fixtures.js';

const GREY = { r: 128, g: 128, b: 128 };

let box: TConfigSandbox;
let server: TFakeOpenAIServer;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  box = createSandbox();
  server = await startFakeOpenAIImagesServer({ apiKey: 'sk-deps', color: GREY });
  env = { OPENAI_API_KEY: 'sk-deps', OPENAI_BASE_URL: server.url, OPENAI_IMAGE_SIZE: '1024x1024' };
  box.write(join(box.appRoot, 'scenes/a.png'), await makeTestPng({ width: 16, height: 16, color: GREY }));
});
afterEach(async () => {
  await server.close();
  box.cleanup();
});

async function planned(postprocess: Record<string, unknown>): Promise<TTriggerPlan> {
  box.write(join(box.appRoot, 'settings/pipeline.settings.json'), { postprocess_config_path: 'settings/post.json', postprocess });
  return planTriggeredRun(
    { mode: 'run', confirmSpend: true, storageSyncS3: false, projectSlug: 'demo', projectId: 'p', projectRoot: box.projectRoot, input: 'scenes' },
    { appRoot: box.appRoot, env, characterCards: [], runId: 'run-deps' },
  );
}

function toolsInput(plan: TTriggerPlan, editor: ImageEditor, makeTools: TEngineToolsInput['makeTools']): TEngineToolsInput {
  return {
    roots: { appRoot: box.appRoot, projectRoot: box.projectRoot },
    editor,
    analyzer: new SharpImageAnalyzer(),
    postprocessConfig: plan.postprocessConfig,
    makeTools,
    env,
    timeoutMs: 10_000,
  };
}

describe('engineDepsFor', () => {
  it('without a planned pass: generation and QA only, the tools are never built', async () => {
    box.write(join(box.appRoot, 'settings/post.json'), {});
    const plan = await planned({});
    const editor = createImageEditorFromEnv(env);
    if (editor === undefined) throw new Error('no editor');

    const deps = await engineDepsFor(plan.log, toolsInput(plan, editor, () => {
      throw new Error('tools must not be built');
    }));

    expect(deps.postprocess).toBeUndefined();
    expect(deps.editor).toBe(editor);
  });

  it('with upscale and colour planned: a triggered run goes through the chain with the settings-layer config', async () => {
    box.write(join(box.appRoot, 'settings/post.json'), { upscale: { scale: 3 }, color: { settings_file: 'settings/colors.json', default_profile: 'ink' } });
    box.write(join(box.appRoot, 'settings/colors.json'), { profiles: { ink: { contrast: 1.1 } } });
    const plan = await planned({ upscale: true, color: true });
    const editor = createImageEditorFromEnv(env);
    if (editor === undefined) throw new Error('no editor');
    const deps = await engineDepsFor(plan.log, toolsInput(plan, editor, (config) => createPostprocessTools(config, box.appRoot, env)));

    const finished = await executeRun(plan.log, deps, { runLogPath: plan.runLogPath, appRoot: box.appRoot, projectRoot: box.projectRoot });

    const onDisk = ZRunLogSchema.parse(JSON.parse(readFileSync(plan.runLogPath, 'utf8')));
    expect(onDisk.jobs.map((job) => job.status)).toEqual(['done']);
    const candidate = finished.jobs[0]?.candidates?.[0];
    expect(candidate?.upscale).toMatchObject({ backend: 'sharp', scale: 3 });
    expect(candidate?.color).toMatchObject({ profile: 'ink' });
    expect(String(finished.jobs[0]?.final_output)).toContain('color_corrected');
    expect(server.calls).toHaveLength(1);
  });

  it('a colour settings file that does not parse fails before any paid call', async () => {
    box.write(join(box.appRoot, 'settings/post.json'), { color: { settings_file: 'settings/colors.json' } });
    box.write(join(box.appRoot, 'settings/colors.json'), '{ nope');
    const plan = await planned({ color: true });
    const editor = createImageEditorFromEnv(env);
    if (editor === undefined) throw new Error('no editor');

    await expect(engineDepsFor(plan.log, toolsInput(plan, editor, (config) => createPostprocessTools(config, box.appRoot, env)))).rejects.toThrow(
      /colour settings file .*colors\.json cannot be read/,
    );
    expect(server.calls).toHaveLength(0);
  });
});

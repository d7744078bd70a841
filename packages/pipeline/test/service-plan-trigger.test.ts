import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ZRunLogSchema } from '@kroma/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planTriggeredRun, type TPipelineTriggerRequest, type TTriggerPlanContext } from '../src/index.js';
import { createSandbox, rejection, type TConfigSandbox } from './config-fixtures.js';
import { writeSolidPng } from './qa-fixtures.js';

let box: TConfigSandbox;
beforeEach(async () => {
  box = createSandbox();
  for (const file of ['scenes/a.png', 'scenes/b.png', 'chars/mara.png']) await writeSolidPng(join(box.appRoot, file), { r: 99, g: 99, b: 99 });
});
afterEach(() => box.cleanup());

const at = new Date('2026-12-01T08:30:00.123Z');

function request(extra: Partial<TPipelineTriggerRequest> = {}): TPipelineTriggerRequest {
  return { mode: 'dry', confirmSpend: false, storageSyncS3: false, projectSlug: 'demo', projectId: 'p-1', projectRoot: box.projectRoot, input: 'scenes', ...extra };
}

function context(extra: Partial<TTriggerPlanContext> = {}): TTriggerPlanContext {
  return { appRoot: box.appRoot, env: {}, characterCards: [], runId: 'run-42', now: at, ...extra };
}

describe('planTriggeredRun', () => {
  it('plans with the pipeline defaults, writes the log under runs/ and returns it', async () => {
    const plan = await planTriggeredRun(request(), context({ env: { OPENAI_IMAGE_MODEL: ' gpt-image-1 ', OPENAI_IMAGE_SIZE: '1024x1024', OPENAI_IMAGE_QUALITY: ' low ' } }));

    expect(plan.runLogPath).toBe(join(box.projectRoot, 'runs', 'run_2026-12-01T08-30-00-123Z.json'));
    const written = ZRunLogSchema.parse(JSON.parse(readFileSync(plan.runLogPath, 'utf8')));
    expect(written).toEqual(plan.log);
    expect(written).toMatchObject({
      run_id: 'run-42',
      project: 'demo',
      mode: 'dry',
      stage: 'style',
      time: 'day',
      weather: 'clear',
      model: 'gpt-image-1',
      size: '1024x1024',
      quality: 'low',
      timestamp: at.toISOString(),
      storage: { project_root: box.projectRoot, resolved_from_backend: true },
      generation: { candidates: 1, max_candidates: 6 },
    });
    expect(written.jobs.map((job) => [job.id, job.status])).toEqual([['style_1_a', 'planned'], ['style_2_b', 'planned']]);
    expect(plan.estimate.generation_calls).toBe(2);
    for (const dir of ['outputs', 'runs', 'archive/bad', 'archive/replaced']) expect(existsSync(join(box.projectRoot, dir))).toBe(true);
  });

  it('takes stage/time/weather, refs, candidates and character cards from the request and context', async () => {
    const plan = await planTriggeredRun(
      request({ input: undefined, sceneRefs: ['scenes/b.png'], stage: 'weather', time: 'night', weather: 'rain', candidates: 3 }),
      context({ characterCards: [{ name: 'Mara', description: 'Detective.', prompt_text: '', reference_images: ['chars/mara.png'] }] }),
    );

    expect(plan.log).toMatchObject({ stage: 'weather', time: 'night', weather: 'rain', generation: { candidates: 3 } });
    expect(plan.log.jobs).toHaveLength(1);
    expect(plan.log.progress?.candidates_total).toBe(3);
  });

  it('reads manifest, post-process config and pass switches only from the settings layers', async () => {
    box.write(join(box.appRoot, 'settings/pipeline.settings.json'), { manifest_path: 'settings/m.json', postprocess: { upscale: true } });
    box.write(join(box.appRoot, 'settings/m.json'), { generation: { candidates: 2 }, prompts: { style_base: 'FROM MANIFEST' } });
    box.write(join(box.projectRoot, '.kroma/pipeline.settings.json'), { postprocess_config_path: 'settings/post.json' });
    box.write(join(box.appRoot, 'settings/post.json'), { upscale: { scale: 3 } });

    const plan = await planTriggeredRun(request(), context());

    expect(plan.log.generation.candidates).toBe(2);
    expect(plan.log.jobs[0]?.prompt).toContain('FROM MANIFEST');
    expect(plan.log.postprocess).toMatchObject({ upscale: true, upscale_backend: 'sharp' });
    expect(plan.postprocessConfig.upscale.scale).toBe(3);
  });

  it('a planning failure is a 400 with the planner message and leaves no project folders behind', async () => {
    const message = await rejection(planTriggeredRun(request({ input: 'scenes/missing.png' }), context()));

    expect(message).toBe('input not found: scenes/missing.png');
    expect(existsSync(join(box.projectRoot, 'runs'))).toBe(false);
    expect(existsSync(join(box.projectRoot, 'outputs'))).toBe(false);
  });

  it('a bad settings layer is a 400 naming the layer', async () => {
    box.write(join(box.appRoot, 'settings/pipeline.settings.json'), '{ not json');
    expect(await rejection(planTriggeredRun(request(), context()))).toMatch(/^settings layer validation failed: app settings/);
  });

  it('run mode needs the spend confirmation the request carries', async () => {
    expect(await rejection(planTriggeredRun(request({ mode: 'run' }), context()))).toContain('spending is locked');
    const plan = await planTriggeredRun(request({ mode: 'run', confirmSpend: true }), context());
    expect(plan.log.mode).toBe('run');
  });

  it('two runs planned in the same millisecond get two log files', async () => {
    const [one, two] = await Promise.all([
      planTriggeredRun(request(), context({ runId: 'run-a' })),
      planTriggeredRun(request(), context({ runId: 'run-b' })),
    ]);

    expect(one.runLogPath).not.toBe(two.runLogPath);
    expect([basename(one.runLogPath), basename(two.runLogPath)].sort()).toEqual(['run_2026-12-01T08-30-00-123Z.json', 'run_2026-12-01T08-30-00-124Z.json']);
    const ids = [one, two].map((plan) => (JSON.parse(readFileSync(plan.runLogPath, 'utf8')) as { run_id: string }).run_id);
    expect(ids).toEqual(['run-a', 'run-b']);
  });
});

import { validationError, type TPipelineTrigger } from '@kroma/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TPipelineRunner, TPipelineTriggerRequest } from '../src/index.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

/** Records every request; answers like the original's fake orchestrator. */
class FakeRunner implements TPipelineRunner {
  seen: TPipelineTriggerRequest[] = [];
  failure: Error | undefined;

  async trigger(request: TPipelineTriggerRequest): Promise<TPipelineTrigger> {
    this.seen.push(request);
    if (this.failure) throw this.failure;
    return { mode: request.mode, status_code: 0, stdout: '{"preview":true}', stderr: '', adapter: 'script_fallback' };
  }
}

const fake = new FakeRunner();
let t: TTestServer;
let project: { id: string; slug: string };
const TRIGGER = '/api/projects/trigger_demo/runs/trigger';
const MANAGED = "Field 'project_root' is managed by project storage; omit it or send the project's storage root";

beforeAll(async () => {
  t = await startTestServer({ pipeline: fake });
  project = await createProject(t, 'Trigger Demo');
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  fake.seen = [];
  fake.failure = undefined;
});

describe('POST runs/trigger', () => {
  it('runs a dry trigger on the project storage root and answers pipeline_trigger', async () => {
    const res = await t.api('POST', TRIGGER, { body: { mode: 'dry', scene_refs: ['a.png'] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      pipeline_trigger: { mode: 'dry', status_code: 0, stdout: '{"preview":true}', stderr: '', adapter: 'script_fallback' },
    });
    expect(fake.seen).toEqual([
      {
        projectSlug: 'trigger_demo',
        projectId: project.id,
        projectRoot: `${t.dir}/var/projects/trigger_demo`,
        mode: 'dry',
        confirmSpend: false,
        storageSyncS3: false,
        sceneRefs: ['a.png'],
      },
    ]);
  });

  it('passes the typed fields through, trimmed and lower-cased', async () => {
    const res = await t.api('POST', '/api/projects/Trigger%20Demo/runs/trigger', {
      body: {
        mode: 'RUN',
        confirm_spend: true,
        scene_refs: [' scene_a.png ', 'scene_b.png'],
        style_refs: ['  style_1.png'],
        stage: 'Weather',
        time: ' DAY ',
        weather: 'Clear',
        candidates: 2,
        storage_sync_s3: true,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.pipeline_trigger.mode).toBe('run');
    expect(fake.seen).toEqual([
      {
        projectSlug: 'trigger_demo',
        projectId: project.id,
        projectRoot: `${t.dir}/var/projects/trigger_demo`,
        mode: 'run',
        confirmSpend: true,
        sceneRefs: ['scene_a.png', 'scene_b.png'],
        styleRefs: ['style_1.png'],
        stage: 'weather',
        time: 'day',
        weather: 'clear',
        candidates: 2,
        storageSyncS3: true,
      },
    ]);
    const withInput = await t.api('POST', TRIGGER, { body: { input: ' scenes/ ', scene_refs: null } });
    expect(withInput.status).toBe(200);
    expect(fake.seen[1]?.input).toBe('scenes/');
    expect(fake.seen[1]?.sceneRefs).toBeUndefined();
  });

  it('injects a configured storage root and accepts it when sent, rejecting any other project_root', async () => {
    const storage = await t.api('PUT', '/api/projects/trigger_demo/storage/local', { body: { project_root: 'books/custom' } });
    expect(storage.status).toBe(200);
    const root = `${t.dir}/books/custom`;
    for (const sent of [undefined, '', '  ', root, 'books/custom', `${root}/`]) {
      fake.seen = [];
      const res = await t.api('POST', TRIGGER, { body: { scene_refs: ['a.png'], project_root: sent } });
      expect(res.status).toBe(200);
      expect(fake.seen.map((request) => request.projectRoot)).toEqual([root]);
    }
    fake.seen = [];
    for (const sent of ['/tmp', 'var/projects/trigger_demo', `${t.dir}/books`]) {
      const res = await t.api('POST', TRIGGER, { body: { scene_refs: ['a.png'], project_root: sent } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error: MANAGED });
    }
    // The project is resolved before project_root is judged.
    const missing = await t.api('POST', '/api/projects/nope/runs/trigger', { body: { scene_refs: ['a.png'], project_root: '/tmp' } });
    expect(missing.status).toBe(404);
    expect(fake.seen).toEqual([]);
    await t.api('PUT', '/api/projects/trigger_demo/storage/local', { body: { project_root: '' } });
  });

  it('validates the body before the project lookup, with the exact messages', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'Provide one of: input, scene_refs'],
      [{ mode: 'fast', scene_refs: ['a.png'] }, "Field 'mode' must be one of: dry, run"],
      [{ scene_refs: [] }, "Field 'scene_refs' must not be empty"],
      [{ scene_refs: ['a.png', ''] }, "Field 'scene_refs' must not contain empty values"],
      [{ input: 'scene_dir', scene_refs: ['a.png'] }, 'Provide only one of: input, scene_refs'],
      [{ scene_refs: ['a.png'], style_refs: [] }, "Field 'style_refs' must not be empty"],
      [{ scene_refs: ['a.png'], style_refs: [' '] }, "Field 'style_refs' must not contain empty values"],
      [{ scene_refs: ['a.png'], stage: 'sky' }, "Field 'stage' must be one of: style, time, weather"],
      [{ scene_refs: ['a.png'], stage: 'time', time: 'noon' }, "Field 'time' must be one of: day, night"],
      [{ scene_refs: ['a.png'], stage: 'weather', weather: 'snow' }, "Field 'weather' must be one of: clear, rain"],
      [{ scene_refs: ['a.png'], candidates: 9 }, "Field 'candidates' must be between 1 and 6"],
      [{ scene_refs: ['a.png'], candidates: 0 }, "Field 'candidates' must be between 1 and 6"],
      [{ scene_refs: ['a.png'], time: 'night' }, "Field 'time' requires stage 'time' or 'weather'"],
      [{ scene_refs: ['a.png'], stage: 'time', weather: 'rain' }, "Field 'weather' requires stage 'weather'"],
      [{ mode: 'run', scene_refs: ['a.png'] }, 'Run mode requires explicit spend confirmation'],
    ];
    for (const [body, error] of cases) {
      for (const slug of ['nope', 'trigger_demo']) {
        const res = await t.api('POST', `/api/projects/${slug}/runs/trigger`, { body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body).toEqual({ ok: false, error });
      }
    }
    const missing = await t.api('POST', '/api/projects/nope/runs/trigger', { body: { mode: 'dry', scene_refs: ['a.png'] } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: 'Project not found' });
    expect(fake.seen).toEqual([]);
  });

  it('leaves wrong JSON types to the framework (422)', async () => {
    for (const body of [{ scene_refs: ['a'], candidates: 2.5 }, { scene_refs: ['a'], confirm_spend: 'yes' }, { scene_refs: 'a.png' }]) {
      const res = await t.api('POST', TRIGGER, { body });
      expect(res.status).toBe(422);
      expect(res.body.ok).toBe(false);
    }
    expect(fake.seen).toEqual([]);
  });

  it('maps runner failures: KromaError verbatim, anything else to 500', async () => {
    fake.failure = validationError('Pipeline command failed: planner exploded');
    const failed = await t.api('POST', TRIGGER, { body: { scene_refs: ['a.png'] } });
    expect(failed.status).toBe(400);
    expect(failed.body).toEqual({ ok: false, error: 'Pipeline command failed: planner exploded' });
    fake.failure = new Error('disk on fire');
    const res = await t.api('POST', TRIGGER, { body: { scene_refs: ['a.png'] } });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ ok: false, error: 'Internal server error' });
  });
});

describe('POST runs/trigger without a configured runner', () => {
  it('validates, finds the project, then reports that nothing can run it', async () => {
    const plain = await startTestServer();
    try {
      await createProject(plain, 'Trigger Demo');
      const invalid = await plain.api('POST', TRIGGER, { body: {} });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error).toBe('Provide one of: input, scene_refs');
      const res = await plain.api('POST', TRIGGER, { body: { scene_refs: ['a.png'] } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error: 'Pipeline command failed: no pipeline runner is configured on this server' });
    } finally {
      await plain.close();
    }
  });
});

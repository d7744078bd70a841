import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TRunProgress } from '@kroma/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRunRecord,
  findRunJobKey,
  ingestRunLog,
  loadRunControl,
  markInterruptedRuns,
  saveRunProgress,
  upsertProject,
  type KromaStore,
  type TNewRunRecord,
} from '../src/index.js';
import { runJob, runLog, tempStore } from './support/run-logs.js';

let env: Awaited<ReturnType<typeof tempStore>>;
let store: KromaStore;
let projectId: string;

beforeEach(async () => {
  env = await tempStore('lifecycle');
  store = env.store;
  projectId = (await upsertProject(store, { userId: null }, { name: 'Life' })).project.id;
});
afterEach(() => env.close());

const progress = (status: string, extra: Partial<TRunProgress> = {}): TRunProgress => ({
  status, stage: status === 'queued' ? 'queued' : 'generate', jobs_done: 0, jobs_total: 2, candidates_done: 0, candidates_total: 4,
  cost_usd: 0, estimate_usd: 0.32, error: '', updated_at: '2026-03-01T10:00:00.000Z', ...extra,
});

function record(id: string, extra: Partial<TNewRunRecord> = {}): TNewRunRecord {
  return {
    id, projectId, runLogPath: `var/projects/life/runs/run_${id}.json`, mode: 'run', stage: 'style', time: 'day', weather: 'clear',
    model: 'gpt-image-1', size: '1024x1024', quality: 'high', trigger: { mode: 'run', input: 'scenes', candidates: 2 },
    progress: progress('queued'), ...extra,
  };
}

const row = (id: string) => store.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('run lifecycle', () => {
  it('creates a queued run, then records progress until it finishes', async () => {
    const created = await createRunRecord(store, record('r1'));
    expect(created).toMatchObject({
      id: 'r1', project_id: projectId, status: 'queued', run_mode: 'run', stage: 'style', model_name: 'gpt-image-1',
      run_log_path: 'var/projects/life/runs/run_r1.json', started_at: '', finished_at: '', progress: progress('queued'),
    });
    expect(JSON.parse((await row('r1')).trigger_json ?? '')).toEqual({ mode: 'run', input: 'scenes', candidates: 2 });

    await saveRunProgress(store, 'r1', progress('running', { jobs_done: 1, candidates_done: 2, cost_usd: 0.16 }));
    const running = await row('r1');
    expect(running).toMatchObject({ status: 'running', finished_at: null });
    expect(running.started_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(JSON.parse(running.progress_json ?? '')).toMatchObject({ status: 'running', jobs_done: 1, cost_usd: 0.16 });

    await store.db.updateTable('runs').set({ started_at: '2026-01-01T00:00:00Z' }).where('id', '=', 'r1').execute();
    await saveRunProgress(store, 'r1', progress('running', { jobs_done: 2 }));
    expect((await row('r1')).started_at).toBe('2026-01-01T00:00:00Z');

    await saveRunProgress(store, 'r1', progress('ok', { stage: 'finished', jobs_done: 2, candidates_done: 4 }));
    const done = await row('r1');
    expect(done.status).toBe('ok');
    expect(done.finished_at).toMatch(/Z$/);
    await saveRunProgress(store, 'r1', progress('running'));
    expect((await row('r1')).finished_at).toBeNull();
  });

  it('stores a run log outside the app root by its absolute path', async () => {
    const created = await createRunRecord(store, record('r2', { runLogPath: '/elsewhere/run.json' }));
    expect(created.run_log_path).toBe('/elsewhere/run.json');
  });

  it('marks queued and running runs interrupted, keeping their progress and leaving finished_at empty', async () => {
    await createRunRecord(store, record('q1'));
    await createRunRecord(store, record('r1', { progress: progress('running', { jobs_done: 1 }) }));
    await createRunRecord(store, record('ok1', { progress: progress('ok') }));
    const ids = await markInterruptedRuns(store, 'the server stopped while this run was in flight');
    expect(ids.sort()).toEqual(['q1', 'r1']);
    const interrupted = await row('r1');
    expect(interrupted).toMatchObject({ status: 'interrupted', finished_at: null });
    expect(JSON.parse(interrupted.progress_json ?? '')).toMatchObject({
      status: 'interrupted', jobs_done: 1, error: 'the server stopped while this run was in flight',
    });
    expect((await row('ok1')).status).toBe('ok');
    expect(await markInterruptedRuns(store, 'again')).toEqual([]);
  });

  it('loads what run control needs, with 404s for unknown runs and projects', async () => {
    await createRunRecord(store, record('r1'));
    const control = await loadRunControl(store, 'life', 'r1');
    expect(control).toMatchObject({
      projectId, projectSlug: 'life', projectRoot: join(env.root, 'var/projects/life'),
      runLogPath: join(env.root, 'var/projects/life/runs/run_r1.json'), trigger: { mode: 'run', input: 'scenes', candidates: 2 },
    });
    expect(control.run.status).toBe('queued');
    for (const triggerJson of [null, 'not json', '[1]']) {
      await store.db.updateTable('runs').set({ trigger_json: triggerJson }).where('id', '=', 'r1').execute();
      expect((await loadRunControl(store, 'life', 'r1')).trigger).toBeNull();
    }
    await upsertProject(store, { userId: null }, { name: 'Other' });
    for (const [slug, runId] of [['life', 'missing'], ['nope', 'r1'], ['other', 'r1']] as const) {
      await expect(loadRunControl(store, slug, runId)).rejects.toMatchObject({ kind: 'not_found', message: 'Run not found' });
    }
  });

  it('keeps the id, trigger and start of a server run when its log is ingested, and finds its jobs', async () => {
    await createRunRecord(store, record('r1', { progress: progress('running') }));
    const started = (await row('r1')).started_at;
    const logPath = 'var/projects/life/runs/run_r1.json';
    mkdirSync(join(env.root, 'var/projects/life/runs'), { recursive: true });
    writeFileSync(join(env.root, logPath), JSON.stringify(runLog('life', [runJob('j1'), runJob('j2')], { run_id: 'r1' })));
    const result = await ingestRunLog(store, { runLogPath: logPath });
    expect(result).toMatchObject({ run_id: 'r1', status: 'ok', jobs: 2 });
    const ingested = await row('r1');
    expect(ingested).toMatchObject({ status: 'ok', started_at: started });
    expect(JSON.parse(ingested.trigger_json ?? '')).toEqual({ mode: 'run', input: 'scenes', candidates: 2 });
    expect(JSON.parse(ingested.progress_json ?? '')).toMatchObject({ status: 'ok', stage: 'finished', jobs_done: 2, jobs_total: 2 });

    const job = await store.db.selectFrom('run_jobs').select('id').where('job_key', '=', 'j2').executeTakeFirstOrThrow();
    expect(await findRunJobKey(store, 'r1', job.id)).toBe('j2');
    expect(await findRunJobKey(store, 'r1', 'j1')).toBe('j1');
    await createRunRecord(store, record('r2'));
    for (const [runId, key] of [['r1', 'j3'], ['r2', 'j1'], ['r2', job.id]] as const) {
      await expect(findRunJobKey(store, runId, key)).rejects.toMatchObject({ kind: 'not_found', message: 'Job not found' });
    }
  });
});

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TFakeOpenAIServer } from '@kroma/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, runEnv, startFakeOpenAI, writeScenes } from './support/runs.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let fake: TFakeOpenAIServer;
let t: TTestServer;
const BASE = '/api/projects/ingest_demo';
const TABLES = ['runs', 'run_jobs', 'run_candidates', 'assets', 'asset_links', 'quality_reports', 'cost_events'] as const;
let paidLog: Record<string, unknown>;

const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await countRows(t, table)])));

beforeAll(async () => {
  fake = await startFakeOpenAI(0);
  t = await startTestServer({ env: runEnv(fake) });
  await createProject(t, 'Ingest Demo');
  await writeScenes(t.dir, 2);
  const res = await t.api('POST', `${BASE}/runs/trigger`, { body: { mode: 'run', confirm_spend: true, candidates: 2, input: 'scenes', wait: true } });
  expect(res.body.run?.status).toBe('ok');
  paidLog = JSON.parse(readFileSync(join(t.dir, res.body.run.run_log_path), 'utf8'));
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('POST runs/ingest', () => {
  it('ingests a log by path; ingesting it again keeps the run id and adds no rows', async () => {
    mkdirSync(join(t.dir, 'imports'), { recursive: true });
    writeFileSync(join(t.dir, 'imports/copy.json'), JSON.stringify({ ...paidLog, run_id: 'copied_run' }));
    const before = await counts();
    const first = await t.api('POST', `${BASE}/runs/ingest`, { body: { run_log_path: 'imports/copy.json' } });
    expect(first.status).toBe(200);
    expect(first.body.ingest).toEqual({
      project_slug: 'ingest_demo',
      run_id: 'copied_run',
      run_log_path: 'imports/copy.json',
      jobs: 2,
      candidates: 4,
      assets_upserted: 6,
      quality_reports_written: first.body.ingest.quality_reports_written,
      cost_events_written: 4,
      status: 'ok',
    });
    const once = await counts();
    // The copied log names the same files: their assets are found by path, not added again.
    expect(once).toMatchObject({ runs: before.runs + 1, run_jobs: before.run_jobs + 2, run_candidates: before.run_candidates + 4, assets: before.assets, cost_events: before.cost_events + 4 });

    const second = await t.api('POST', `${BASE}/runs/ingest`, { body: { run_log_path: `${t.dir}/imports/copy.json`, compute_hashes: false } });
    expect(second.status).toBe(200);
    expect(second.body.ingest.run_id).toBe('copied_run');
    expect(await counts()).toEqual(once);
    const run = (await t.api('GET', `${BASE}/runs/copied_run`)).body;
    expect(run.run.status).toBe('ok');
    expect(run.jobs).toHaveLength(2);
  });

  it('ingests an inline log under runs/ingested/<run_id>.json, idempotently', async () => {
    const body = { run_log: { ...paidLog, run_id: 'inline_run' } };
    const first = await t.api('POST', `${BASE}/runs/ingest`, { body });
    expect(first.status).toBe(200);
    expect(first.body.ingest).toMatchObject({ run_id: 'inline_run', run_log_path: 'var/projects/ingest_demo/runs/ingested/inline_run.json' });
    const once = await counts();
    const second = await t.api('POST', `${BASE}/runs/ingest`, { body });
    expect(second.body.ingest.run_id).toBe('inline_run');
    expect(await counts()).toEqual(once);
  });

  it('answers a bad log with a 400 naming its bad fields, and writes nothing', async () => {
    const before = await counts();
    const bad = { ...paidLog, mode: 'fast', jobs: 'none', run_id: 'bad_run' };
    const res = await t.api('POST', `${BASE}/runs/ingest`, { body: { run_log: bad } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^Run log is invalid: /);
    expect(res.body.error).toContain('mode');
    expect(res.body.error).toContain('jobs');
    writeFileSync(join(t.dir, 'imports/broken.json'), '{"project": ');
    const broken = await t.api('POST', `${BASE}/runs/ingest`, { body: { run_log_path: 'imports/broken.json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/^Run log is not valid JSON/);
    expect(await counts()).toEqual(before);
  });

  it('checks the request before the project, and keeps paths inside the app or project root', async () => {
    for (const slug of ['nope', 'ingest_demo']) {
      const res = await t.api('POST', `/api/projects/${slug}/runs/ingest`, { body: {} });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error: 'Provide one of: run_log_path, run_log' });
    }
    const missingProject = await t.api('POST', '/api/projects/nope/runs/ingest', { body: { run_log_path: 'imports/copy.json' } });
    expect(missingProject.status).toBe(404);
    expect(missingProject.body).toEqual({ ok: false, error: 'Project not found' });
    const outside = await t.api('POST', `${BASE}/runs/ingest`, { body: { run_log_path: '/etc/passwd' } });
    expect(outside.status).toBe(400);
    expect(outside.body).toEqual({ ok: false, error: "Field 'run_log_path' must stay inside the app root or the project root" });
    // Sent inline, the path is only the log's name (a client on another machine).
    const named = await t.api('POST', `${BASE}/runs/ingest`, { body: { run_log_path: '/elsewhere/run_x.json', run_log: { ...paidLog, run_id: 'remote_run' } } });
    expect(named.status).toBe(200);
    expect(named.body.ingest).toMatchObject({ run_id: 'remote_run', run_log_path: '/elsewhere/run_x.json' });
    const missing = await t.api('POST', `${BASE}/runs/ingest`, { body: { run_log_path: 'imports/none.json' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/^Run log not found: /);
  });
});

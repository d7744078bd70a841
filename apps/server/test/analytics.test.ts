import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyRows, seedRows } from './support/seed.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
let projectId: string;
let otherProjectId: string;
const BASE = '/api/projects/analytics_demo';
const idsOf = (list: { id: string }[]) => list.map((item) => item.id);

beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'Analytics Demo')).id;
  otherProjectId = (await createProject(t, 'Other Analytics')).id;
});
afterAll(async () => {
  await t.close();
});

describe('GET quality-reports', () => {
  beforeAll(async () => {
    await seedRows(t, 'quality_reports', [
      {
        id: 'qr_full',
        project_id: projectId,
        run_id: 'run_1',
        asset_id: 'asset_1',
        report_type: 'output_guard',
        grade: 'A',
        hard_failures: 2,
        soft_warnings: 5,
        avg_chroma_exceed: 1.5,
        summary_json: '{"status":"ok"}',
        meta_json: '{"status":"legacy"}',
        created_at: '2026-02-21T00:00:00Z',
      },
      { id: 'qr_legacy', project_id: projectId, meta_json: '{"scope":"run"}', created_at: '2026-02-21T00:00:00Z' },
      { id: 'qr_bare', project_id: projectId, created_at: '2026-02-20T00:00:00Z' },
      { id: 'qr_bad', project_id: projectId, summary_json: 'nope', meta_json: '{"a":1}' },
      { id: 'qr_other', project_id: otherProjectId, created_at: '2026-02-22T00:00:00Z' },
    ]);
  });

  it('lists this project\u2019s reports newest first with every field', async () => {
    const res = await t.api('GET', `${BASE}/quality-reports`);
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(4);
    // Same created_at → id DESC; NULL created_at last.
    expect(idsOf(res.body.quality_reports)).toEqual(['qr_legacy', 'qr_full', 'qr_bare', 'qr_bad']);
    const [legacy, full, bare, bad] = res.body.quality_reports;
    expect(full).toEqual({
      id: 'qr_full',
      project_id: projectId,
      run_id: 'run_1',
      asset_id: 'asset_1',
      report_type: 'output_guard',
      grade: 'A',
      hard_failures: 2,
      soft_warnings: 5,
      avg_chroma_exceed: 1.5,
      summary_json: { status: 'ok' },
      created_at: '2026-02-21T00:00:00Z',
    });
    expect(legacy.summary_json).toEqual({ scope: 'run' });
    expect(bare).toEqual({
      id: 'qr_bare',
      project_id: projectId,
      run_id: '',
      asset_id: '',
      report_type: '',
      grade: '',
      hard_failures: 0,
      soft_warnings: 0,
      avg_chroma_exceed: 0,
      summary_json: {},
      created_at: '2026-02-20T00:00:00Z',
    });
    expect(bad.summary_json).toEqual({});
    expect(bad.created_at).toBe('');
  });
});

describe('GET cost-events', () => {
  beforeAll(async () => {
    await seedRows(t, 'cost_events', [
      { id: 'cost_old', project_id: projectId, created_at: '2026-02-01T00:00:00Z', meta_json: '[]' },
      {
        id: 'cost_full',
        project_id: projectId,
        run_id: 'run_1',
        job_id: 'job_1',
        provider_code: 'openai',
        model_name: 'gpt-image-1',
        event_type: 'image_generation',
        units: 2,
        unit_cost_usd: 0.06,
        total_cost_usd: 0.12,
        currency: 'USD',
        meta_json: '{"source":"run_log_top_level"}',
        created_at: '2026-02-21T00:00:00Z',
      },
      { id: 'cost_other', project_id: otherProjectId, created_at: '2026-02-22T00:00:00Z' },
    ]);
  });

  it('lists this project\u2019s cost events newest first with every field', async () => {
    const res = await t.api('GET', `${BASE}/cost-events`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      count: 2,
      cost_events: [
        {
          id: 'cost_full',
          project_id: projectId,
          run_id: 'run_1',
          job_id: 'job_1',
          provider_code: 'openai',
          model_name: 'gpt-image-1',
          event_type: 'image_generation',
          units: 2,
          unit_cost_usd: 0.06,
          total_cost_usd: 0.12,
          currency: 'USD',
          meta_json: { source: 'run_log_top_level' },
          created_at: '2026-02-21T00:00:00Z',
        },
        {
          id: 'cost_old',
          project_id: projectId,
          run_id: '',
          job_id: '',
          provider_code: '',
          model_name: '',
          event_type: '',
          units: 0,
          unit_cost_usd: 0,
          total_cost_usd: 0,
          currency: '',
          meta_json: {},
          created_at: '2026-02-01T00:00:00Z',
        },
      ],
    });
  });
});

describe('analytics limits and 404s', () => {
  it('answers Project not found for an unknown project', async () => {
    for (const list of ['quality-reports', 'cost-events']) {
      const res = await t.api('GET', `/api/projects/nope/${list}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'Project not found' });
    }
  });

  it('defaults to 500 and clamps to 1..2000; a non-integer limit is 400', async () => {
    const pid = (await createProject(t, 'Busy Analytics')).id;
    await seedRows(t, 'quality_reports', manyRows(2001, { project_id: pid, created_at: '2026-01-01T00:00:00Z' }));
    await seedRows(t, 'cost_events', manyRows(2001, { project_id: pid, created_at: '2026-01-01T00:00:00Z' }));
    for (const list of ['quality-reports', 'cost-events']) {
      const count = async (query: string) => (await t.api('GET', `/api/projects/busy_analytics/${list}${query}`)).body.count;
      expect(await count('')).toBe(500);
      expect(await count('?limit=0')).toBe(1);
      expect(await count('?limit=-1')).toBe(1);
      expect(await count('?limit=42')).toBe(42);
      expect(await count('?limit=5000')).toBe(2000);
      const bad = await t.api('GET', `/api/projects/busy_analytics/${list}?limit=ten`);
      expect(bad.status).toBe(400);
      expect(bad.body.ok).toBe(false);
    }
  });
});

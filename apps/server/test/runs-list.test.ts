import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyRows, seedRows } from './support/seed.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

describe('runs ordering and limits', () => {
  let t2: TTestServer;
  let pid: string;
  beforeAll(async () => {
    t2 = await startTestServer();
    pid = (await createProject(t2, 'Order Demo')).id;
  });
  afterAll(async () => {
    await t2.close();
  });

  it('orders newest first, ties by id DESC, unknown created_at last; unparsable JSON reads as {}', async () => {
    await seedRows(t2, 'runs', [
      { id: 'run_b', project_id: pid, created_at: '2026-02-21T00:00:00Z' },
      { id: 'run_a', project_id: pid, created_at: '2026-02-21T00:00:00Z', settings_snapshot_json: '{oops' },
      { id: 'run_c', project_id: pid, created_at: '2026-02-20T00:00:00Z', settings_snapshot_json: '[1,2]' },
      { id: 'run_z', project_id: pid, created_at: null },
      { id: 'run_d', project_id: pid, created_at: '2026-02-22T00:00:00Z' },
    ]);
    const res = await t2.api('GET', '/api/projects/order_demo/runs');
    expect(res.body.runs.map((run: { id: string }) => run.id)).toEqual(['run_d', 'run_b', 'run_a', 'run_c', 'run_z']);
    expect(res.body.runs[2].settings_snapshot_json).toEqual({});
    expect(res.body.runs[3].settings_snapshot_json).toEqual({});
    expect(res.body.runs[4].created_at).toBe('');
  });

  it('defaults to 200 and clamps to 1..1000', async () => {
    await seedRows(t2, 'runs', manyRows(1000, { project_id: pid, created_at: '2026-01-01T00:00:00Z' }));
    const count = async (query: string) => (await t2.api('GET', `/api/projects/order_demo/runs${query}`)).body.count;
    expect(await count('')).toBe(200);
    expect(await count('?limit=0')).toBe(1);
    expect(await count('?limit=-7')).toBe(1);
    expect(await count('?limit=3')).toBe(3);
    expect(await count('?limit=5000')).toBe(1000);
    expect(await count('?limit=1000&other=x')).toBe(1000);
  });
});

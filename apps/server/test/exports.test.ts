import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyRows, seedRows } from './support/seed.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
let projectId: string;
const EXPORTS = '/api/projects/export_demo/exports';

const COMPLETED = {
  id: 'export_done',
  run_id: 'run_1',
  status: 'completed',
  export_format: 'zip',
  storage_uri: 's3://bucket/export.zip',
  rel_path: 'var/exports/export.zip',
  file_size_bytes: 123456,
  checksum_sha256: 'f00d',
  manifest_json: '{"files":3}',
  created_at: '2026-02-21T00:00:00Z',
  completed_at: '2026-02-21T00:05:00Z',
};

beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'Export Demo')).id;
  const otherProjectId = (await createProject(t, 'Other Exports')).id;
  await seedRows(t, 'project_exports', [
    { ...COMPLETED, project_id: projectId },
    { id: 'export_queued', project_id: projectId, status: 'queued', manifest_json: '{not json', created_at: '2026-02-22T00:00:00Z' },
    { id: 'export_undated', project_id: projectId },
    { id: 'export_foreign', project_id: otherProjectId, created_at: '2026-02-23T00:00:00Z' },
  ]);
});
afterAll(async () => {
  await t.close();
});

describe('exports', () => {
  it('lists this project\u2019s exports newest first, undated last', async () => {
    const res = await t.api('GET', EXPORTS);
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(3);
    expect(res.body.exports.map((row: { id: string }) => row.id)).toEqual(['export_queued', 'export_done', 'export_undated']);
    expect(res.body.exports[0].manifest_json).toEqual({});
    expect(res.body.exports[2]).toEqual({
      id: 'export_undated',
      project_id: projectId,
      run_id: '',
      status: '',
      export_format: '',
      storage_uri: '',
      rel_path: '',
      file_size_bytes: 0,
      checksum_sha256: '',
      manifest_json: {},
      created_at: '',
      completed_at: '',
    });
  });

  it('reads one export with every field', async () => {
    const res = await t.api('GET', `${EXPORTS}/export_done`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, export: { ...COMPLETED, project_id: projectId, manifest_json: { files: 3 } } });
  });

  it('answers Project export not found, also for another project\u2019s export and an unknown project', async () => {
    for (const path of [`${EXPORTS}/missing`, `${EXPORTS}/export_foreign`, '/api/projects/nope/exports/export_done']) {
      const res = await t.api('GET', path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'Project export not found' });
    }
    const list = await t.api('GET', '/api/projects/nope/exports');
    expect(list.status).toBe(404);
    expect(list.body).toEqual({ ok: false, error: 'Project not found' });
  });

  it('defaults to 500 and clamps to 1..2000; a non-integer limit is 400', async () => {
    const pid = (await createProject(t, 'Busy Exports')).id;
    await seedRows(t, 'project_exports', manyRows(2001, { project_id: pid, created_at: '2026-01-01T00:00:00Z' }));
    const count = async (query: string) => (await t.api('GET', `/api/projects/busy_exports/exports${query}`)).body.count;
    expect(await count('')).toBe(500);
    expect(await count('?limit=0')).toBe(1);
    expect(await count('?limit=7')).toBe(7);
    expect(await count('?limit=99999')).toBe(2000);
    const bad = await t.api('GET', '/api/projects/busy_exports/exports?limit=1.5');
    expect(bad.status).toBe(400);
    expect(bad.body.ok).toBe(false);
  });
});

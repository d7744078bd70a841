import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** What the legacy (Python) writer left: only its own columns. */
const LEGACY = {
  id: 'export_legacy',
  export_path: 'var/exports/legacy.tar.gz',
  export_asset_id: 'asset_legacy',
  export_sha256: 'beef',
  sha256: 'beef',
  format: 'tar.gz',
  created_at: '2026-02-20T00:00:00Z',
};

/** The legacy fields a Rust-shaped row reads back with (each falls back to its canonical twin). */
const legacyFieldsOf = (row: typeof COMPLETED) => ({
  export_asset_id: '',
  export_path: row.rel_path,
  format: row.export_format,
  sha256: row.checksum_sha256,
  export_sha256: row.checksum_sha256,
  export_storage_uri: row.storage_uri,
});

beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'Export Demo')).id;
  const otherProjectId = (await createProject(t, 'Other Exports')).id;
  await seedRows(t, 'project_exports', [
    { ...COMPLETED, project_id: projectId },
    { id: 'export_queued', project_id: projectId, status: 'queued', manifest_json: '{not json', created_at: '2026-02-22T00:00:00Z' },
    { id: 'export_undated', project_id: projectId },
    { ...LEGACY, project_id: projectId },
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
    expect(res.body.count).toBe(4);
    expect(res.body.exports.map((row: { id: string }) => row.id)).toEqual(['export_queued', 'export_done', 'export_legacy', 'export_undated']);
    expect(res.body.project_exports).toEqual(res.body.exports);
    expect(res.body.exports[0].manifest_json).toEqual({});
    expect(res.body.exports[3]).toEqual({
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
      export_asset_id: '',
      export_path: '',
      format: '',
      sha256: '',
      export_sha256: '',
      export_storage_uri: '',
    });
  });

  it('reads a row of the legacy writer in both shapes', async () => {
    const res = await t.api('GET', `${EXPORTS}/export_legacy`);
    expect(res.status).toBe(200);
    expect(res.body.export).toEqual({
      project_id: projectId,
      run_id: '',
      status: '',
      export_format: 'tar.gz',
      storage_uri: 'var/exports/legacy.tar.gz',
      rel_path: 'var/exports/legacy.tar.gz',
      file_size_bytes: 0,
      checksum_sha256: 'beef',
      manifest_json: {},
      completed_at: '',
      ...LEGACY,
      export_storage_uri: 'var/exports/legacy.tar.gz',
    });
    expect(res.body.project_export).toEqual(res.body.export);
  });

  it('reads one export with every field', async () => {
    const res = await t.api('GET', `${EXPORTS}/export_done`);
    expect(res.status).toBe(200);
    const expected = { ...COMPLETED, ...legacyFieldsOf(COMPLETED), project_id: projectId, manifest_json: { files: 3 } };
    expect(res.body).toEqual({ ok: true, export: expected, project_export: expected });
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

describe('POST export', () => {
  const EXPORT = '/api/projects/export_demo/export';

  it('exports the project as a tar.gz and answers in the legacy shape plus the new record', async () => {
    const root = join(t.dir, 'var/projects/export_demo');
    mkdirSync(join(root, 'outputs'), { recursive: true });
    writeFileSync(join(root, 'outputs/panel.png'), 'not really a png');
    const res = await t.api('POST', EXPORT, { body: {} });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['export', 'export_asset_id', 'export_path', 'export_sha256', 'ok', 'project_slug']);
    expect(res.body).toMatchObject({ ok: true, project_slug: 'export_demo' });
    expect(res.body.export_path).toMatch(new RegExp(`^${t.dir}/var/exports/export_demo_.+\\.tar\\.gz$`));
    const bytes = readFileSync(res.body.export_path);
    expect(res.body.export_sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(res.body.export).toMatchObject({
      status: 'completed',
      export_format: 'tar.gz',
      format: 'tar.gz',
      export_asset_id: res.body.export_asset_id,
      sha256: res.body.export_sha256,
      checksum_sha256: res.body.export_sha256,
      file_size_bytes: bytes.length,
    });

    // Legacy clients (contract_smoke.py) read `project_exports[].export_asset_id`; new ones `exports` / `export`.
    const list = await t.api('GET', EXPORTS);
    const listed = list.body.project_exports.find((row: { id: string }) => row.id === res.body.export.id);
    expect(listed).toEqual(res.body.export);
    expect(listed.export_asset_id).toBe(res.body.export_asset_id);
    const detail = await t.api('GET', `${EXPORTS}/${res.body.export.id}`);
    expect(detail.body).toEqual({ ok: true, export: res.body.export, project_export: res.body.export });
    const asset = await t.api('GET', `/api/projects/export_demo/assets/${res.body.export_asset_id}`);
    expect(asset.body.asset).toMatchObject({ kind: 'export', sha256: res.body.export_sha256, rel_path: res.body.export.rel_path });
  });

  it('writes a folder without files when asked; the folder has no SHA-256', async () => {
    const res = await t.api('POST', EXPORT, { body: { include_files: false, output: 'var/exports/demo_folder' } });
    expect(res.status).toBe(200);
    expect(res.body.export_sha256).toBeNull();
    expect(res.body.export).toMatchObject({ format: 'folder', export_format: 'folder', sha256: '', rel_path: 'var/exports/demo_folder' });
    expect(existsSync(join(t.dir, 'var/exports/demo_folder/manifest.json'))).toBe(true);
    expect(existsSync(join(t.dir, 'var/exports/demo_folder/files/outputs/panel.png'))).toBe(false);
  });

  it('answers 400 for zip or an output outside the app root, 404 for an unknown project, 422 for a wrong type', async () => {
    const cases: Array<[string, unknown, number, string | undefined]> = [
      [EXPORT, { format: 'zip' }, 400, "Field 'format' must be one of: tar.gz, folder"],
      [EXPORT, { output: 'var/exports/a.zip' }, 400, "Field 'format' must be one of: tar.gz, folder"],
      [EXPORT, { output: '../outside.tar.gz' }, 400, "Field 'output' must be a path inside the app root"],
      ['/api/projects/nope/export', {}, 404, 'Project not found'],
      [EXPORT, { include_files: 'yes' }, 422, undefined],
    ];
    for (const [path, body, status, error] of cases) {
      const res = await t.api('POST', path, { body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (error !== undefined) expect(res.body).toEqual({ ok: false, error });
    }
    expect(existsSync(join(t.dir, '../outside.tar.gz'))).toBe(false);
  });
});

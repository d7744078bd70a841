import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyRows, seedRow, seedRows } from './support/seed.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
let projectId: string;
const ASSETS = '/api/projects/asset_demo/assets';

const FULL_ASSET = {
  kind: 'job_final_output',
  asset_kind: 'render',
  storage_uri: 'outputs/cover.png',
  rel_path: 'legacy/cover.png',
  storage_backend: 'local',
  mime_type: 'image/png',
  width: 1024,
  height: 1536,
  sha256: 'abcdef0123456789',
  run_id: 'run_1',
  job_id: 'job_1',
  candidate_id: 'cand_1',
  metadata_json: '{"source":"seed"}',
  meta_json: '{"source":"legacy"}',
  created_at: '2026-02-21T00:01:00Z',
};

const idsOf = (list: { id: string }[]) => list.map((item) => item.id);

beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'Asset Demo')).id;
});
afterAll(async () => {
  await t.close();
});

describe('assets', () => {
  let fullId: string;
  let otherProjectAsset: string;
  beforeAll(async () => {
    fullId = await seedRow(t, 'assets', { ...FULL_ASSET, project_id: projectId });
    const otherId = (await createProject(t, 'Other Assets')).id;
    otherProjectAsset = await seedRow(t, 'assets', { ...FULL_ASSET, project_id: otherId });
  });

  it('reads one asset with every field', async () => {
    const res = await t.api('GET', `${ASSETS}/${fullId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      asset: { id: fullId, project_id: projectId, ...FULL_ASSET, meta_json: undefined, metadata_json: { source: 'seed' } },
    });
    expect(Object.keys(res.body.asset)).toHaveLength(16);
  });

  it('reads canonical columns first, each kind falling back to the other', async () => {
    const [legacyOnly, canonicalOnly, blankCanonical, bareRow, badJson] = await seedRows(t, 'assets', [
      { project_id: projectId, asset_kind: 'render', rel_path: 'a.png', meta_json: '{"path_exists":true}' },
      { project_id: projectId, kind: 'candidate_output', storage_uri: 'b.png', metadata_json: '{"n":1}' },
      { project_id: projectId, kind: ' ', asset_kind: 'mask', storage_uri: '', rel_path: 'c.png', metadata_json: '', meta_json: '{"n":2}' },
      { project_id: projectId },
      { project_id: projectId, metadata_json: '{broken', meta_json: '{"n":3}' },
    ]);
    const read = async (id: string | undefined) => (await t.api('GET', `${ASSETS}/${id}`)).body.asset;
    expect(await read(legacyOnly)).toMatchObject({
      kind: 'render',
      asset_kind: 'render',
      storage_uri: 'a.png',
      rel_path: 'a.png',
      metadata_json: { path_exists: true },
    });
    expect(await read(canonicalOnly)).toMatchObject({
      kind: 'candidate_output',
      asset_kind: 'candidate_output',
      storage_uri: 'b.png',
      rel_path: '',
      metadata_json: { n: 1 },
    });
    expect(await read(blankCanonical)).toMatchObject({ kind: 'mask', asset_kind: 'mask', storage_uri: 'c.png', metadata_json: { n: 2 } });
    expect(await read(bareRow)).toEqual({
      id: bareRow,
      project_id: projectId,
      kind: '',
      asset_kind: '',
      storage_uri: '',
      rel_path: '',
      storage_backend: '',
      mime_type: '',
      width: null,
      height: null,
      sha256: '',
      run_id: '',
      job_id: '',
      candidate_id: '',
      metadata_json: {},
      created_at: '',
    });
    // A present but unparsable canonical column wins and reads as {}.
    expect((await read(badJson)).metadata_json).toEqual({});
  });

  it('answers Asset not found for unknown assets, other projects\u2019 assets and unknown projects', async () => {
    for (const path of [`${ASSETS}/missing-asset`, `${ASSETS}/${otherProjectAsset}`, `/api/projects/nope/assets/${fullId}`]) {
      const res = await t.api('GET', path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'Asset not found' });
    }
    const list = await t.api('GET', '/api/projects/nope/assets');
    expect(list.status).toBe(404);
    expect(list.body).toEqual({ ok: false, error: 'Project not found' });
  });

  it('lists only the project assets', async () => {
    const res = await t.api('GET', ASSETS);
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(res.body.assets.length);
    expect(idsOf(res.body.assets)).toContain(fullId);
    expect(idsOf(res.body.assets)).not.toContain(otherProjectAsset);
  });
});

describe('assets ordering and limits', () => {
  let t2: TTestServer;
  let pid: string;
  const LIST = '/api/projects/order_assets/assets';
  beforeAll(async () => {
    t2 = await startTestServer();
    pid = (await createProject(t2, 'Order Assets')).id;
  });
  afterAll(async () => {
    await t2.close();
  });

  it('orders newest first, ties by id DESC, unknown created_at last', async () => {
    await seedRows(t2, 'assets', [
      { id: 'asset_a', project_id: pid, created_at: '2026-02-21T00:00:00Z' },
      { id: 'asset_null', project_id: pid },
      { id: 'asset_c', project_id: pid, created_at: '2026-02-21T00:00:00Z' },
      { id: 'asset_new', project_id: pid, created_at: '2026-02-22T00:00:00Z' },
    ]);
    const res = await t2.api('GET', LIST);
    expect(idsOf(res.body.assets)).toEqual(['asset_new', 'asset_c', 'asset_a', 'asset_null']);
  });

  it('defaults to 500 and clamps to 1..2000; a non-integer limit is 400', async () => {
    await seedRows(t2, 'assets', manyRows(2000, { project_id: pid, created_at: '2026-01-01T00:00:00Z' }));
    const count = async (query: string) => (await t2.api('GET', `${LIST}${query}`)).body.count;
    expect(await count('')).toBe(500);
    expect(await count('?limit=0')).toBe(1);
    expect(await count('?limit=1999')).toBe(1999);
    expect(await count('?limit=5000')).toBe(2000);
    const bad = await t2.api('GET', `${LIST}?limit=abc`);
    expect(bad.status).toBe(400);
    expect(bad.body.ok).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
beforeAll(async () => {
  t = await startTestServer();
  await createProject(t, 'Store Test');
});
afterAll(async () => {
  await t.close();
});

describe('storage', () => {
  it('reads the resolved policy', async () => {
    const res = await t.api('GET', '/api/projects/store_test/storage');
    expect(res.status).toBe(200);
    expect(res.body.project.slug).toBe('store_test');
    expect(res.body.storage.local.project_root).toBe(`${t.dir}/var/projects/store_test`);
  });

  it('needs one local field before the project lookup', async () => {
    const res = await t.api('PUT', '/api/projects/nope/storage/local', { body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Provide at least one of: base_dir, project_root');
    expect((await t.api('PUT', '/api/projects/nope/storage/local', { body: { base_dir: 'x' } })).status).toBe(404);
    const blank = await t.api('PUT', '/api/projects/store_test/storage/local', { body: { base_dir: '  ' } });
    expect(blank.status).toBe(400);
    expect(blank.body.error).toBe("Field 'base_dir' must not be empty");
  });

  it('sets and clears the local overrides', async () => {
    const base = await t.api('PUT', '/api/projects/store_test/storage/local', { body: { base_dir: 'data/projects' } });
    expect(base.body).toMatchObject({ ok: true, updated: 'local' });
    expect(base.body.audit_id).toBeTruthy();
    expect(base.body.storage.local).toEqual({ base_dir: 'data/projects', project_root: `${t.dir}/data/projects/store_test` });
    const abs = await t.api('PUT', '/api/projects/store_test/storage/local', { body: { project_root: '/srv/comic' } });
    expect(abs.body.storage.local.project_root).toBe('/srv/comic');
    const rel = await t.api('PUT', '/api/projects/store_test/storage/local', { body: { project_root: 'books/one' } });
    expect(rel.body.storage.local.project_root).toBe(`${t.dir}/books/one`);
    const cleared = await t.api('PUT', '/api/projects/store_test/storage/local', { body: { project_root: '' } });
    expect(cleared.body.storage.local.project_root).toBe(`${t.dir}/data/projects/store_test`);
  });

  it('updates S3 fields; blank clears, prefix falls back', async () => {
    const missing = await t.api('PUT', '/api/projects/nope/storage/s3', { body: {} });
    expect(missing.status).toBe(404);
    const set = await t.api('PUT', '/api/projects/store_test/storage/s3', {
      body: { enabled: true, bucket: 'comics', prefix: 'p', region: 'eu-west-1', endpoint_url: 'http://127.0.0.1:4569' },
    });
    expect(set.body.updated).toBe('s3');
    expect(set.body.storage.s3).toEqual({
      enabled: true,
      bucket: 'comics',
      prefix: 'p',
      region: 'eu-west-1',
      profile: '',
      endpoint_url: 'http://127.0.0.1:4569',
    });
    const cleared = await t.api('PUT', '/api/projects/store_test/storage/s3', { body: { prefix: '', bucket: ' ' } });
    expect(cleared.body.storage.s3.prefix).toBe('iat-projects');
    expect(cleared.body.storage.s3.bucket).toBe('');
    expect(cleared.body.storage.s3.enabled).toBe(true);
    const noop = await t.api('PUT', '/api/projects/store_test/storage/s3', { body: {} });
    expect(noop.status).toBe(200);
    expect(noop.body.audit_id).toBeTruthy();
  });

  it('answers 422 for wrong types', async () => {
    const res = await t.api('PUT', '/api/projects/store_test/storage/s3', { body: { enabled: 'yes' } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ ok: false, error: "Field 'enabled' must be a boolean" });
  });
});

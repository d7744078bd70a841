import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeTestPng, startLocalS3Server, type TLocalS3Server } from '@kroma/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

const BUCKET = 'kroma-art';
const BASE = '/api/projects/mirror_demo';
const SYNC = `${BASE}/storage/sync-s3`;

let s3: TLocalS3Server;
let t: TTestServer;
let projectId: string;
let projectRoot: string;

beforeAll(async () => {
  s3 = await startLocalS3Server([BUCKET]);
  t = await startTestServer();
  projectId = (await createProject(t, 'Mirror Demo')).id;
  projectRoot = join(t.dir, 'var/projects/mirror_demo');
});
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

function writeProjectFile(relPath: string, content: Buffer | string): void {
  mkdirSync(dirname(join(projectRoot, relPath)), { recursive: true });
  writeFileSync(join(projectRoot, relPath), content);
}

const remoteKeys = (): Promise<string[]> => s3.listKeys(BUCKET, `iat-projects/${projectId}/`);

const configureS3 = (body: Record<string, unknown>) => t.api('PUT', `${BASE}/storage/s3`, { body });
const setSecret = (secret_name: string, secret_value: string) =>
  t.api('POST', `${BASE}/secrets`, { body: { provider_code: 'aws', secret_name, secret_value } });

describe('POST …/storage/sync-s3 prechecks (data.md §5.6 order)', () => {
  it('404s an unknown project, then refuses disabled S3, then a blank bucket', async () => {
    const missing = await t.api('POST', '/api/projects/nope/storage/sync-s3', { body: {} });
    expect([missing.status, missing.body]).toEqual([404, { ok: false, error: 'Project not found' }]);
    const disabled = await t.api('POST', SYNC, { body: {} });
    expect([disabled.status, disabled.body]).toEqual([400, { ok: false, error: 'S3 storage is not enabled for this project' }]);
    await configureS3({ enabled: true });
    const noBucket = await t.api('POST', SYNC, { body: {} });
    expect([noBucket.status, noBucket.body]).toEqual([400, { ok: false, error: 'S3 bucket is not configured' }]);
  });

  it('skips a missing project folder only when allowed', async () => {
    await configureS3({ enabled: true, bucket: BUCKET, endpoint_url: s3.endpointUrl });
    const refused = await t.api('POST', SYNC, { body: {} });
    expect([refused.status, refused.body.error]).toEqual([400, `Local project root does not exist: ${projectRoot}`]);
    const skipped = await t.api('POST', SYNC, { body: { allow_missing_local: true } });
    expect(skipped.status).toBe(200);
    expect(skipped.body).toEqual({
      ok: true,
      project_slug: 'mirror_demo',
      project_root: projectRoot,
      destination: `s3://${BUCKET}/iat-projects/${projectId}/`,
      dry_run: false,
      delete: false,
      skipped: true,
      reason: 'missing_local_project_root',
      uploaded: [],
      unchanged: 0,
      deleted: [],
      bytes_uploaded: 0,
    });
    const wrongType = await t.api('POST', SYNC, { body: { dry_run: 'yes' } });
    expect(wrongType.status).toBe(422);
  });
});

describe('POST …/storage/sync-s3 against s3rver', () => {
  it('explains missing credentials without showing any', async () => {
    writeProjectFile('outputs/a.txt', 'a');
    const saved = { ...process.env };
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
    Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: join(t.dir, 'none'), AWS_CONFIG_FILE: join(t.dir, 'none'), AWS_EC2_METADATA_DISABLED: 'true' });
    try {
      const res = await t.api('POST', SYNC, { body: {} });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(
        "S3 credentials not found: set the project's aws secrets (access_key_id, secret_access_key) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
      );
    } finally {
      for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });

  it('lists in a dry run, uploads with the project aws secrets, then uploads nothing', async () => {
    expect((await setSecret('access_key_id', s3.credentials.accessKeyId)).status).toBe(200);
    expect((await setSecret('secret_access_key', s3.credentials.secretAccessKey)).status).toBe(200);
    const png = await makeTestPng({ width: 24, height: 24, color: { r: 10, g: 120, b: 240 } });
    writeProjectFile('outputs/panel_01.png', png);

    const dry = await t.api('POST', SYNC, { body: { dry_run: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dry_run: true, skipped: false, reason: '', uploaded: ['outputs/a.txt', 'outputs/panel_01.png'] });
    expect(await remoteKeys()).toEqual([]);

    const real = await t.api('POST', SYNC, { body: {} });
    expect(real.body).toMatchObject({ ok: true, dry_run: false, uploaded: ['outputs/a.txt', 'outputs/panel_01.png'], unchanged: 0 });
    expect(real.body.bytes_uploaded).toBe(png.length + 1);
    expect(await remoteKeys()).toEqual([`iat-projects/${projectId}/outputs/a.txt`, `iat-projects/${projectId}/outputs/panel_01.png`]);
    expect(await s3.getObject(BUCKET, `iat-projects/${projectId}/outputs/panel_01.png`)).toEqual(png);

    const again = await t.api('POST', SYNC, { body: {} });
    expect(again.body).toMatchObject({ uploaded: [], unchanged: 2, bytes_uploaded: 0, deleted: [] });
  });

  it('deletes what is gone locally only with delete:true', async () => {
    expect((await s3.getObject(BUCKET, `iat-projects/${projectId}/outputs/a.txt`)).toString()).toBe('a');
    rmSync(join(projectRoot, 'outputs/a.txt'));
    const res = await t.api('POST', SYNC, { body: { delete: true } });
    expect(res.body).toMatchObject({ delete: true, deleted: ['outputs/a.txt'], unchanged: 1 });
    expect(await remoteKeys()).toEqual([`iat-projects/${projectId}/outputs/panel_01.png`]);
  });

  it('names a bucket that does not exist', async () => {
    await configureS3({ bucket: 'absent-bucket' });
    const res = await t.api('POST', SYNC, { body: {} });
    expect([res.status, res.body]).toEqual([400, { ok: false, error: "S3 bucket 'absent-bucket' does not exist" }]);
    await configureS3({ bucket: BUCKET });
  });
});

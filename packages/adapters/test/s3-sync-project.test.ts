import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncProjectToS3, type TS3ProjectTarget } from '@kroma/adapters';
import { startLocalS3Server, type TLocalS3Server } from '@kroma/adapters/testing';

let s3: TLocalS3Server;
let folder: string;
beforeAll(async () => {
  s3 = await startLocalS3Server(['projects']);
  folder = mkdtempSync(join(tmpdir(), 'kroma-s3-project-'));
});
afterAll(async () => {
  await s3.close();
  rmSync(folder, { recursive: true, force: true });
});

const target = (extra: Partial<TS3ProjectTarget> = {}): TS3ProjectTarget => ({
  projectSlug: 'demo',
  projectRoot: join(folder, 'demo'),
  enabled: true,
  bucket: 'projects',
  region: '',
  profile: '',
  endpointUrl: s3.endpointUrl,
  destination: 's3://projects/iat-projects/p-1/',
  keyPrefix: 'iat-projects/p-1',
  credentials: s3.credentials,
  ...extra,
});

describe('syncProjectToS3 prechecks, in the original order', () => {
  it('refuses a project without S3 first, then one without a bucket', async () => {
    await expect(syncProjectToS3(target({ enabled: false, bucket: '' }))).rejects.toMatchObject({
      status: 400,
      message: 'S3 storage is not enabled for this project',
    });
    await expect(syncProjectToS3(target({ bucket: '  ' }))).rejects.toMatchObject({ status: 400, message: 'S3 bucket is not configured' });
  });

  it('skips a missing local root only when allowed, and refuses a root that is a file', async () => {
    const missing = target({ projectRoot: join(folder, 'nope') });
    await expect(syncProjectToS3(missing)).rejects.toThrow(`Local project root does not exist: ${join(folder, 'nope')}`);
    expect(await syncProjectToS3(missing, { allowMissingLocal: true, dryRun: true })).toEqual({
      ok: true,
      project_slug: 'demo',
      project_root: join(folder, 'nope'),
      destination: 's3://projects/iat-projects/p-1/',
      dry_run: true,
      delete: false,
      skipped: true,
      reason: 'missing_local_project_root',
      uploaded: [],
      unchanged: 0,
      deleted: [],
      bytes_uploaded: 0,
    });
    writeFileSync(join(folder, 'file-root'), 'x');
    await expect(syncProjectToS3(target({ projectRoot: join(folder, 'file-root') }))).rejects.toThrow(
      `Local project root is not a directory: ${join(folder, 'file-root')}`,
    );
  });

  it('mirrors the project folder and answers the wire result', async () => {
    mkdirSync(join(folder, 'demo/outputs'), { recursive: true });
    writeFileSync(join(folder, 'demo/outputs/a.txt'), 'hello');
    const result = await syncProjectToS3(target(), { deleteRemoved: true });
    expect(result).toEqual({
      ok: true,
      project_slug: 'demo',
      project_root: join(folder, 'demo'),
      destination: 's3://projects/iat-projects/p-1/',
      dry_run: false,
      delete: true,
      skipped: false,
      reason: '',
      uploaded: ['outputs/a.txt'],
      unchanged: 0,
      deleted: [],
      bytes_uploaded: 5,
    });
    expect(s3.events.map((event) => event.key)).toEqual(['iat-projects/p-1/outputs/a.txt']);
  });
});

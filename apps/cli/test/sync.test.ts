import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalS3Server, type TLocalS3Server } from '@kroma/adapters/testing';
import { openStore, updateS3Storage, upsertProject, upsertSecret } from '@kroma/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, writeText, type TTempApp } from './helpers.js';

const BUCKET = 'cli-mirror';
const actor = { userId: null };

let s3: TLocalS3Server;
let app: TTempApp;
let projectRoot: string;
let prefix: string;

beforeAll(async () => {
  s3 = await startLocalS3Server([BUCKET]);
  app = makeTempApp();
  projectRoot = join(app.appRoot, 'var/projects/cli_sync');
  const store = await openStore({ path: join(app.appRoot, 'var/backend/app.db'), appRoot: app.appRoot });
  try {
    prefix = `iat-projects/${(await upsertProject(store, actor, { name: 'Cli Sync' })).project.id}/`;
    await upsertProject(store, actor, { name: 'No Mirror' });
    await updateS3Storage(store, actor, 'cli_sync', { enabled: true, bucket: BUCKET, endpoint_url: s3.endpointUrl });
    for (const [secret_name, secret_value] of Object.entries({ access_key_id: 'S3RVER', secret_access_key: 'S3RVER' })) {
      await upsertSecret(store, actor, 'cli_sync', { provider_code: 'aws', secret_name, secret_value });
    }
  } finally {
    await store.close();
  }
  await writePng(join(projectRoot, 'outputs/panel_1.png'), { r: 200, g: 100, b: 50 });
  writeText(join(projectRoot, 'runs/run_1.json'), '{"jobs":[]}');
});
afterAll(async () => {
  app?.remove();
  await s3?.close();
});

describe('kroma sync', () => {
  it('lists in a dry run and uploads nothing', async () => {
    const dry = await kroma(app, ['sync', '--project', 'cli_sync', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const lines = dry.stdout.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['would upload outputs/panel_1.png', 'would upload runs/run_1.json']);
    expect(lines[2]).toMatch(new RegExp(`^Dry run ${projectRoot} → s3://${BUCKET}/${prefix}: 2 file\\(s\\) to upload \\(\\d+ bytes\\), 0 unchanged$`));
    expect(await s3.listKeys(BUCKET, prefix)).toEqual([]);
  });

  it('uploads byte for byte with --json, then finds nothing to do', async () => {
    const res = await kroma(app, ['sync', '--project', 'cli_sync', '--json']);
    expect(res.code).toBe(0);
    const result = JSON.parse(res.stdout);
    expect(result).toMatchObject({
      ok: true,
      project_slug: 'cli_sync',
      project_root: projectRoot,
      destination: `s3://${BUCKET}/${prefix}`,
      dry_run: false,
      skipped: false,
      uploaded: ['outputs/panel_1.png', 'runs/run_1.json'],
      unchanged: 0,
    });
    expect(await s3.getObject(BUCKET, `${prefix}outputs/panel_1.png`)).toEqual(readFileSync(join(projectRoot, 'outputs/panel_1.png')));
    const again = await kroma(app, ['sync', '--project', 'cli_sync']);
    expect(again.stdout).toBe(`Synced ${projectRoot} → s3://${BUCKET}/${prefix}: 0 file(s) uploaded (0 bytes), 2 unchanged\n`);
  });

  it('deletes what is gone locally with --delete', async () => {
    rmSync(join(projectRoot, 'runs/run_1.json'));
    const res = await kroma(app, ['sync', '--project', 'cli_sync', '--delete']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('delete runs/run_1.json\n');
    expect(res.stdout).toContain('1 unchanged, 1 deleted\n');
    expect(await s3.listKeys(BUCKET, prefix)).toEqual([`${prefix}outputs/panel_1.png`]);
  });

  it('fails with a clear message: unknown project (usage), S3 off, missing bucket', async () => {
    const unknown = await kroma(app, ['sync', '--project', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^kroma: cannot find project "nope" in the database .*app\.db: create the project first\n$/);
    const off = await kroma(app, ['sync', '--project', 'no_mirror']);
    expect([off.code, off.stderr]).toEqual([1, 'kroma: S3 storage is not enabled for this project\n']);
    const store = await openStore({ path: join(app.appRoot, 'var/backend/app.db'), appRoot: app.appRoot });
    await updateS3Storage(store, actor, 'cli_sync', { bucket: 'gone-bucket' });
    await store.close();
    const gone = await kroma(app, ['sync', '--project', 'cli_sync']);
    expect([gone.code, gone.stderr]).toEqual([1, "kroma: S3 bucket 'gone-bucket' does not exist\n"]);
  });
});

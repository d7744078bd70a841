import { randomBytes, createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncDirectoryToS3, type TS3SyncOptions } from '@kroma/adapters';
import { makeTestPng, startLocalS3Server, type TLocalS3Server } from '@kroma/adapters/testing';

const BUCKET = 'kroma-sync';
const PREFIX = 'iat-projects/0d6c3f5e-1111-4222-8333-944445555666';

let s3: TLocalS3Server;
let client: S3Client;
let root: string;

beforeAll(async () => {
  s3 = await startLocalS3Server([BUCKET]);
  client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpointUrl,
    forcePathStyle: true,
    credentials: s3.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});
afterAll(async () => {
  client.destroy();
  await s3.close();
});
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kroma-s3-local-'));
  return () => rmSync(root, { recursive: true, force: true });
});

const options = (extra: Partial<TS3SyncOptions> = {}): TS3SyncOptions => ({
  localRoot: root,
  bucket: BUCKET,
  keyPrefix: PREFIX,
  endpointUrl: s3.endpointUrl,
  credentials: s3.credentials,
  ...extra,
});

function write(relPath: string, content: Buffer | string): void {
  mkdirSync(dirname(join(root, relPath)), { recursive: true });
  writeFileSync(join(root, relPath), content);
}

async function download(key: string): Promise<Buffer> {
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

async function remoteKeys(prefix: string): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key!).sort();
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

describe('syncDirectoryToS3 against s3rver', () => {
  it('uploads a tree byte for byte, then uploads nothing, then only what changed', async () => {
    const png = await makeTestPng({ width: 40, height: 30, color: { r: 200, g: 30, b: 90 } });
    write('outputs/scene_01.png', png);
    write('runs/run_1.json', '{"jobs":[]}');
    write('.kroma/empty.txt', '');
    const progress: string[] = [];
    const putsBefore = s3.events.length;
    const first = await syncDirectoryToS3(options({ onProgress: (done, total, key) => progress.push(`${done}/${total} ${key}`) }));
    expect(first).toEqual({
      destination: `s3://${BUCKET}/${PREFIX}/`,
      uploaded: ['.kroma/empty.txt', 'outputs/scene_01.png', 'runs/run_1.json'],
      unchanged: 0,
      deleted: [],
      bytesUploaded: png.length + 11,
    });
    expect(progress).toHaveLength(3);
    expect(progress.at(-1)).toMatch(/^3\/3 /);
    expect(await download(`${PREFIX}/outputs/scene_01.png`)).toEqual(png);
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/outputs/scene_01.png` }));
    expect(head.Metadata?.sha256).toBe(sha256(png));
    expect(head.ContentType).toBe('image/png');

    expect(s3.events.slice(putsBefore).map((event) => event.name)).toEqual(Array(3).fill('ObjectCreated:Put'));

    const again = await syncDirectoryToS3(options());
    expect(again).toMatchObject({ uploaded: [], unchanged: 3, bytesUploaded: 0 });
    expect(s3.events.length).toBe(putsBefore + 3);

    write('runs/run_1.json', '{"jobs":[1]}'); // other size
    write('.kroma/empty.txt', 'x');
    const samePng = await makeTestPng({ width: 40, height: 30, color: { r: 30, g: 200, b: 90 } });
    write('outputs/scene_01.png', samePng);
    const changed = await syncDirectoryToS3(options());
    expect(changed.uploaded).toEqual(['.kroma/empty.txt', 'outputs/scene_01.png', 'runs/run_1.json']);
    expect(await download(`${PREFIX}/outputs/scene_01.png`)).toEqual(samePng);
    expect((await download(`${PREFIX}/runs/run_1.json`)).toString()).toBe('{"jobs":[1]}');
  });

  it('re-uploads a same-size object that differs and carries no sha256, once', async () => {
    write('notes.txt', 'local text');
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/notes.txt`, Body: 'other text' }));
    expect((await syncDirectoryToS3(options())).uploaded).toEqual(['notes.txt']);
    expect((await download(`${PREFIX}/notes.txt`)).toString()).toBe('local text');
    expect((await syncDirectoryToS3(options())).uploaded).toEqual([]);
  });

  it('trusts the stored sha256 when the ETag is not the content MD5 (multipart or KMS copies)', async () => {
    write('same.txt', 'local copy');
    const Metadata = { sha256: sha256('local copy') };
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'meta/same.txt', Body: 'other copy', Metadata }));
    expect(await syncDirectoryToS3(options({ keyPrefix: 'meta' }))).toMatchObject({ uploaded: [], unchanged: 1 });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'meta/same.txt', Body: 'other copy', Metadata: { sha256: sha256('x') } }));
    expect(await syncDirectoryToS3(options({ keyPrefix: 'meta' }))).toMatchObject({ uploaded: ['same.txt'], unchanged: 0 });
  });

  it('lists without uploading in a dry run', async () => {
    write('fresh/a.txt', 'aaa');
    const eventsBefore = s3.events.length;
    const dry = await syncDirectoryToS3(options({ keyPrefix: 'dry-only', dryRun: true }));
    expect(dry).toMatchObject({ destination: `s3://${BUCKET}/dry-only/`, uploaded: ['fresh/a.txt'], unchanged: 0, bytesUploaded: 3 });
    expect(await remoteKeys('dry-only/')).toEqual([]);
    expect(s3.events.length).toBe(eventsBefore);
  });

  it('deletes remote objects with no local file only in delete mode, and only under the prefix', async () => {
    write('keep.txt', 'keep');
    write('gone.txt', 'gone');
    await syncDirectoryToS3(options({ keyPrefix: 'del/p1' }));
    await syncDirectoryToS3(options({ keyPrefix: 'del/p10' }));
    unlinkSync(join(root, 'gone.txt'));
    expect((await syncDirectoryToS3(options({ keyPrefix: 'del/p1' }))).deleted).toEqual([]);
    const dry = await syncDirectoryToS3(options({ keyPrefix: 'del/p1', deleteRemoved: true, dryRun: true }));
    expect(dry.deleted).toEqual(['gone.txt']);
    expect(await remoteKeys('del/p1/')).toEqual(['del/p1/gone.txt', 'del/p1/keep.txt']);
    const real = await syncDirectoryToS3(options({ keyPrefix: 'del/p1', deleteRemoved: true }));
    expect(real).toMatchObject({ deleted: ['gone.txt'], unchanged: 1, uploaded: [] });
    expect(await remoteKeys('del/p1/')).toEqual(['del/p1/keep.txt']);
    expect(await remoteKeys('del/p10/')).toEqual(['del/p10/gone.txt', 'del/p10/keep.txt']);
  });

  it('sends a file above the threshold as a multipart upload, byte-exact, and then leaves it alone', async () => {
    const big = randomBytes(6 * 1024 * 1024 + 123);
    write('archive/big.bin', big);
    const report = await syncDirectoryToS3(options({ keyPrefix: 'multi', multipartThresholdBytes: 1024 * 1024 }));
    expect(report).toMatchObject({ uploaded: ['archive/big.bin'], bytesUploaded: big.length });
    expect(s3.events.filter((event) => event.key === 'multi/archive/big.bin').map((event) => event.name)).toEqual(['ObjectCreated:Post']);
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'multi/archive/big.bin' }));
    expect(head.Metadata?.sha256).toBe(sha256(big));
    expect((await download('multi/archive/big.bin')).equals(big)).toBe(true);
    const again = await syncDirectoryToS3(options({ keyPrefix: 'multi', multipartThresholdBytes: 1024 * 1024 }));
    expect(again).toMatchObject({ uploaded: [], unchanged: 1 });
  });
});

describe('syncDirectoryToS3 errors', () => {
  it('names a missing bucket', async () => {
    write('a.txt', 'a');
    await expect(syncDirectoryToS3(options({ bucket: 'no-such-bucket' }))).rejects.toThrow("S3 bucket 'no-such-bucket' does not exist");
  });

  it('says access is denied for wrong credentials, without the secret', async () => {
    const secretAccessKey = 'wrong-secret-value-1234';
    const error = await syncDirectoryToS3(options({ credentials: { accessKeyId: 'NOTAKEY', secretAccessKey } })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^S3 access denied to bucket 'kroma-sync' \(InvalidAccessKeyId\)/);
    expect((error as Error).message).not.toContain(secretAccessKey);
    expect((error as Error).stack ?? '').not.toContain(secretAccessKey);
  });

  it('says the endpoint is unreachable', async () => {
    const closed = await startLocalS3Server();
    await closed.close();
    await expect(syncDirectoryToS3(options({ endpointUrl: closed.endpointUrl }))).rejects.toMatchObject({
      message: `S3 endpoint unreachable: ${closed.endpointUrl} (ECONNREFUSED)`,
      status: 503,
    });
  });

  it('explains missing credentials when neither the project nor the environment has any', async () => {
    const saved = { ...process.env };
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
    Object.assign(process.env, {
      AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-credentials'),
      AWS_CONFIG_FILE: join(root, 'no-config'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    try {
      const { credentials: _none, ...withoutCredentials } = options();
      await expect(syncDirectoryToS3(withoutCredentials)).rejects.toThrow(
        "S3 credentials not found: set the project's aws secrets (access_key_id, secret_access_key) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
      );
    } finally {
      for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });
});

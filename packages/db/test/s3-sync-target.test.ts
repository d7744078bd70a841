import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadS3SyncTarget, updateLocalStorage, updateS3Storage, upsertProject, upsertSecret, type KromaStore } from '../src/index.js';
import { tempStore } from './support/run-logs.js';

const actor = { userId: null };
let store: KromaStore;
let root: string;
let close: () => Promise<void>;
let projectId: string;

beforeEach(async () => {
  ({ store, root, close } = await tempStore('s3-target'));
  projectId = (await upsertProject(store, actor, { name: 'Mirror Me' })).project.id;
});
afterEach(() => close());

const secret = (secret_name: string, secret_value: string) =>
  upsertSecret(store, actor, 'mirror_me', { provider_code: 'aws', secret_name, secret_value });

describe('loadS3SyncTarget', () => {
  it('answers 404 for an unknown project', async () => {
    await expect(loadS3SyncTarget(store, 'nope')).rejects.toMatchObject({ status: 404, message: 'Project not found' });
  });

  it('reads the defaults: S3 off, no bucket, prefix iat-projects, the project id as the last segment', async () => {
    expect(await loadS3SyncTarget(store, 'Mirror Me')).toEqual({
      projectSlug: 'mirror_me',
      projectId,
      projectRoot: `${root}/var/projects/mirror_me`,
      enabled: false,
      bucket: '',
      prefix: 'iat-projects',
      region: '',
      profile: '',
      endpointUrl: '',
      destination: `s3:///iat-projects/${projectId}/`,
      keyPrefix: `iat-projects/${projectId}`,
    });
  });

  it('follows the storage settings: prefix trimmed of slashes, no prefix segment when it is only slashes', async () => {
    await updateS3Storage(store, actor, 'mirror_me', {
      enabled: true,
      bucket: ' art-bucket ',
      prefix: '/comics/kroma/',
      region: 'eu-west-3',
      profile: 'studio',
      endpoint_url: 'http://127.0.0.1:9000',
    });
    await updateLocalStorage(store, actor, 'mirror_me', { project_root: 'books/one' });
    expect(await loadS3SyncTarget(store, 'mirror_me')).toMatchObject({
      projectRoot: `${root}/books/one`,
      enabled: true,
      bucket: 'art-bucket',
      prefix: 'comics/kroma',
      region: 'eu-west-3',
      profile: 'studio',
      endpointUrl: 'http://127.0.0.1:9000',
      destination: `s3://art-bucket/comics/kroma/${projectId}/`,
      keyPrefix: `comics/kroma/${projectId}`,
    });
    await updateS3Storage(store, actor, 'mirror_me', { prefix: '/' });
    expect(await loadS3SyncTarget(store, 'mirror_me')).toMatchObject({
      prefix: '',
      destination: `s3://art-bucket/${projectId}/`,
      keyPrefix: projectId,
    });
  });

  it('takes credentials from the aws secrets only when both keys are set', async () => {
    await secret('access_key_id', 'AKIAEXAMPLE');
    expect((await loadS3SyncTarget(store, 'mirror_me')).credentials).toBeUndefined();
    await secret('secret_access_key', 'wJalrXUtnFEMI');
    expect((await loadS3SyncTarget(store, 'mirror_me')).credentials).toEqual({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI' });
    await secret('session_token', 'token-1');
    expect((await loadS3SyncTarget(store, 'mirror_me')).credentials).toEqual({
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI',
      sessionToken: 'token-1',
    });
  });
});

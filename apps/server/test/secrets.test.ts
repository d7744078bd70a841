import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { decryptSecret, parseMasterKey } from '@kroma/db';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/index.js';
import { createProject, startTestServer, type TApiResponse, type TTestServer } from './support/server.js';

const KEY_ENV = ['IAT_MASTER_KEY', 'IAT_MASTER_KEY_FILE', 'IAT_MASTER_KEY_REF', 'IAT_MASTER_KEY_PREVIOUS'] as const;
const savedEnv = new Map<string, string | undefined>();
const SECRET = 'sk-live-Zq8vX2pL9mW4tR7y';
const BASE = '/api/projects/vault/secrets';

let t: TTestServer;
let projectId: string;
/** Every response body this file receives, to prove the value never leaves the server. */
const seenBodies: string[] = [];
const api = async (method: string, path: string, body?: unknown): Promise<TApiResponse> => {
  const res = await t.api(method, path, { body });
  seenBodies.push(res.text);
  return res;
};
const dbFileBytes = (dir: string) =>
  ['app.db', 'app.db-wal']
    .map((name) => join(dir, 'var/backend', name))
    .map((file) => {
      try {
        return readFileSync(file);
      } catch {
        return Buffer.alloc(0);
      }
    });
const secretRows = () => t.server.store.db.selectFrom('project_secrets').selectAll().orderBy('secret_name').execute();

beforeAll(async () => {
  for (const name of KEY_ENV) {
    savedEnv.set(name, process.env[name]);
    delete process.env[name];
  }
  t = await startTestServer();
  projectId = (await createProject(t, 'Vault')).id;
  await createProject(t, 'Empty Vault');
});
afterAll(async () => {
  await t.close();
  for (const [name, value] of savedEnv) if (value !== undefined) process.env[name] = value;
  expect(seenBodies.length).toBeGreaterThan(10);
  for (const text of seenBodies) expect(text).not.toContain(SECRET);
});

describe('secret upsert', () => {
  it('validates provider_code, secret_name, secret_value before the project lookup', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, "Field 'provider_code' is required"],
      [{ provider_code: '___', secret_name: 'k', secret_value: 'v' }, "Field 'provider_code' is required"],
      [{ provider_code: null, secret_name: 'k', secret_value: 'v' }, "Field 'provider_code' is required"],
      [{ provider_code: 'openai' }, "Field 'secret_name' is required"],
      [{ provider_code: 'openai', secret_name: '  ', secret_value: 'v' }, "Field 'secret_name' is required"],
      [{ provider_code: 'openai', secret_name: 'api_key' }, "Field 'secret_value' is required"],
      [{ provider_code: 'openai', secret_name: 'api_key', secret_value: ' \n ' }, "Field 'secret_value' is required"],
    ];
    for (const [body, error] of cases) {
      const res = await api('POST', '/api/projects/nope/secrets', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual({ ok: false, error });
    }
    const missing = await api('POST', '/api/projects/nope/secrets', { provider_code: 'openai', secret_name: 'k', secret_value: SECRET });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: 'Project not found' });
    expect((await api('POST', BASE, { provider_code: 'openai', secret_name: 'k', secret_value: 5 })).status).toBe(422);
    expect(await secretRows()).toEqual([]);
  });

  it('stores the value encrypted under the auto-created master key and answers metadata only', async () => {
    const res = await api('POST', BASE, { provider_code: ' OpenAI ', secret_name: ' api_key ', secret_value: `  ${SECRET}  ` });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['audit_id', 'ok', 'secret']);
    expect(Object.keys(res.body.secret).sort()).toEqual(['has_value', 'project_id', 'provider_code', 'secret_name', 'updated_at']);
    expect(res.body.secret).toMatchObject({ project_id: projectId, provider_code: 'openai', secret_name: 'api_key', has_value: true });

    const keyFile = join(t.dir, 'var/backend/master.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = parseMasterKey(readFileSync(keyFile, 'utf8'), 'key file');
    const [row] = await secretRows();
    expect(row).toMatchObject({ project_id: projectId, provider_code: 'openai', secret_name: 'api_key', key_ref: 'local-master' });
    expect(row?.secret_value.startsWith('enc:v1:')).toBe(true);
    expect(row?.secret_value).not.toContain(SECRET);
    expect(decryptSecret(row?.secret_value ?? '', [key])).toBe(SECRET);
    for (const bytes of dbFileBytes(t.dir)) expect(bytes.includes(SECRET)).toBe(false);

    const audit = await t.server.store.db.selectFrom('audit_events').selectAll().where('id', '=', res.body.audit_id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ project_id: projectId, actor_user_id: null, event_code: 'secret.upsert' });
    expect(JSON.parse(audit.payload_json)).toEqual({ provider_code: 'openai', secret_name: 'api_key' });
    expect(audit.payload_json).not.toContain(SECRET);
  });

  it('replaces the value on the same key, keeps created_at, and treats names case-sensitively', async () => {
    const db = t.server.store.db;
    await db.updateTable('project_secrets').set({ created_at: '2001-01-01T00:00:00Z', updated_at: '2001-01-01T00:00:00Z' }).execute();
    const res = await api('POST', BASE, { provider_code: 'openai', secret_name: 'api_key', secret_value: `${SECRET}-v2` });
    expect(res.status).toBe(200);
    expect(res.body.secret.updated_at).not.toBe('2001-01-01T00:00:00Z');
    const rows = await secretRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.created_at).toBe('2001-01-01T00:00:00Z');
    expect(rows[0]?.updated_at).toBe(res.body.secret.updated_at);
    expect(decryptSecret(rows[0]?.secret_value ?? '', t.server.store.keyring.decryptionKeys())).toBe(`${SECRET}-v2`);

    await api('POST', BASE, { provider_code: 'openai', secret_name: 'API_KEY', secret_value: SECRET });
    expect((await secretRows()).map((r) => r.secret_name)).toEqual(['API_KEY', 'api_key']);
  });
});

describe('secret list', () => {
  it('lists metadata by provider_code, secret_name; blank stored values have no value', async () => {
    const now = '2030-01-01T00:00:00Z';
    await t.server.store.db
      .insertInto('project_secrets')
      .values([
        { project_id: projectId, provider_code: 'anthropic', secret_name: 'token', secret_value: '', created_at: now, updated_at: now },
        { project_id: projectId, provider_code: 'zeta', secret_name: 'legacy', secret_value: SECRET, created_at: now, updated_at: now },
      ])
      .execute();
    const res = await api('GET', BASE);
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(4);
    expect(res.body.secrets.map((s: Record<string, unknown>) => [s.provider_code, s.secret_name, s.has_value])).toEqual([
      ['anthropic', 'token', false],
      ['openai', 'API_KEY', true],
      ['openai', 'api_key', true],
      ['zeta', 'legacy', true],
    ]);
    expect(res.body.secrets[0]).toEqual({ project_id: projectId, provider_code: 'anthropic', secret_name: 'token', has_value: false, updated_at: now });
    expect(await api('GET', '/api/projects/empty_vault/secrets').then((r) => r.body)).toEqual({ ok: true, count: 0, secrets: [] });
    expect(await api('GET', '/api/projects/nope/secrets').then((r) => [r.status, r.body.error])).toEqual([404, 'Project not found']);
  });
});

describe('secret delete', () => {
  it('checks code and name before any lookup', async () => {
    for (const slug of ['vault', 'nope']) {
      const blankName = await api('DELETE', `/api/projects/${slug}/secrets/OpenAI/%20`);
      expect(blankName.status).toBe(400);
      expect(blankName.body).toEqual({ ok: false, error: "Field 'secret_name' is required" });
      const badCode = await api('DELETE', `/api/projects/${slug}/secrets/___/api_key`);
      expect(badCode.status).toBe(400);
      expect(badCode.body).toEqual({ ok: false, error: "Field 'provider_code' is required" });
    }
  });

  it('answers Secret not found for an unknown project or secret', async () => {
    for (const path of ['/api/projects/nope/secrets/openai/api_key', `${BASE}/openai/missing`, '/api/projects/empty_vault/secrets/openai/api_key']) {
      const res = await api('DELETE', path);
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'Secret not found' });
    }
  });

  it('deletes by normalized code and trimmed name, auditing the raw path values', async () => {
    const res = await api('DELETE', `${BASE}/OpenAI/%20api_key%20`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['audit_id', 'deleted', 'ok']);
    expect(res.body).toMatchObject({ ok: true, deleted: true });
    expect((await secretRows()).map((r) => `${r.provider_code}/${r.secret_name}`)).toEqual(['openai/API_KEY', 'zeta/legacy', 'anthropic/token']);
    const audit = await t.server.store.db.selectFrom('audit_events').selectAll().where('id', '=', res.body.audit_id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ project_id: projectId, event_code: 'secret.delete' });
    expect(JSON.parse(audit.payload_json)).toEqual({ provider_code: 'OpenAI', secret_name: ' api_key ' });
    const again = await api('DELETE', `${BASE}/openai/api_key`);
    expect(again.status).toBe(404);
  });
});

describe('secret values stay out of the log', () => {
  it('logs requests and failures without the value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kroma-secret-log-'));
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const server = await startServer(
      {
        bind: { host: '127.0.0.1', port: 0 },
        dbPath: join(dir, 'var/backend/app.db'),
        appRoot: dir,
        authEnforced: false,
        firstTokenBootstrap: true,
        allowInsecureBind: false,
        logLevel: 'info',
      },
      { logger: pino({ level: 'info' }, sink), responseValidation: true },
    );
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(server.url + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      expect(text).not.toContain(SECRET);
      return res.status;
    };
    try {
      expect(await call('POST', '/api/projects', { name: 'Log Vault' })).toBe(200);
      // the key file cannot be read (a directory is in its place): the upsert fails with a logged 500
      mkdirSync(join(dir, 'var/backend/master.key'), { recursive: true });
      expect(await call('POST', '/api/projects/log_vault/secrets', { provider_code: 'openai', secret_name: 'k', secret_value: SECRET })).toBe(500);
      rmSync(join(dir, 'var/backend/master.key'), { recursive: true });
      expect(await call('POST', '/api/projects/log_vault/secrets', { provider_code: 'openai', secret_name: 'k', secret_value: SECRET })).toBe(200);
      expect(await call('POST', '/api/projects/log_vault/secrets', { provider_code: 'openai', secret_name: 'k', secret_value: 7 })).toBe(422);
      expect(await call('GET', '/api/projects/log_vault/secrets')).toBe(200);
      expect(await call('DELETE', '/api/projects/log_vault/secrets/openai/k')).toBe(200);
    } finally {
      await server.close();
      const log = lines.join('');
      rmSync(dir, { recursive: true, force: true });
      expect(log).toContain('/api/projects/log_vault/secrets');
      expect(log).toContain('request failed');
      expect(log).not.toContain(SECRET);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TApiResponse, type TTestServer } from './support/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const BASE = '/api/projects/pa_test/provider-accounts';
const NOT_FOUND = 'Provider account not found';
const CODE_REQUIRED = "Field 'provider_code' is required";
const NEEDS_FIELD = 'Provide at least one of: display_name, account_ref, base_url, enabled, config_json';

let t: TTestServer;
let projectId: string;
beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'PA Test')).id;
});
afterAll(async () => {
  await t.close();
});

function expectError(res: TApiResponse, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ ok: false, error });
}

async function upsert(body: Record<string, unknown>) {
  const res = await t.api('POST', BASE, { body });
  expect(res.status).toBe(200);
  return res.body as { provider_account: Record<string, unknown>; audit_id: string };
}

async function auditEvent(id: string) {
  const row = await t.server.store.db.selectFrom('audit_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { project_id: row.project_id, actor_user_id: row.actor_user_id, event_code: row.event_code, payload: JSON.parse(row.payload_json) };
}

describe('POST provider-accounts', () => {
  it('creates with a normalized code and defaults, and audits the upsert', async () => {
    const res = await t.api('POST', BASE, { body: { provider_code: '  OpenAI ' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      audit_id: expect.stringMatching(UUID),
      provider_account: {
        project_id: projectId,
        provider_code: 'openai',
        display_name: 'openai',
        account_ref: '',
        base_url: '',
        enabled: true,
        config_json: {},
        created_at: expect.stringMatching(TIMESTAMP),
        updated_at: expect.stringMatching(TIMESTAMP),
      },
    });
    expect(await auditEvent(res.body.audit_id)).toEqual({
      project_id: projectId,
      actor_user_id: null,
      event_code: 'provider_account.upsert',
      payload: { provider_code: 'openai' },
    });
  });

  it('checks the code before the project lookup', async () => {
    expectError(await t.api('POST', '/api/projects/nope/provider-accounts', { body: {} }), 400, CODE_REQUIRED);
    expectError(await t.api('POST', BASE, { body: { provider_code: '  ' } }), 400, CODE_REQUIRED);
    expectError(await t.api('POST', '/api/projects/nope/provider-accounts', { body: { provider_code: '%%%' } }), 400, CODE_REQUIRED);
    expectError(await t.api('POST', '/api/projects/nope/provider-accounts', { body: { provider_code: 'openai' } }), 404, 'Project not found');
    expect((await t.api('POST', BASE, { body: { provider_code: 'x', enabled: 'yes' } })).status).toBe(422);
  });

  it('stores any JSON value as config_json', async () => {
    for (const config of [{ model: 'gpt-image-1', n: [1, 2] }, [1, 'two'], 'plain', 42, true]) {
      const { provider_account } = await upsert({ provider_code: 'json-probe', config_json: config });
      expect(provider_account.config_json).toEqual(config);
    }
    const nulled = await upsert({ provider_code: 'json-probe', config_json: null });
    expect(nulled.provider_account.config_json).toEqual({});
  });

  it('fully replaces an existing account but keeps created_at', async () => {
    await upsert({
      provider_code: 'Replicate',
      display_name: ' Replicate Prod ',
      account_ref: ' acct-1 ',
      base_url: ' https://api.replicate.com ',
      enabled: false,
      config_json: { region: 'us' },
    });
    const db = t.server.store.db;
    await db
      .updateTable('provider_accounts')
      .set({ created_at: '2020-01-01T00:00:00Z', updated_at: '2020-01-01T00:00:00Z' })
      .where('provider_code', '=', 'replicate')
      .execute();
    const before = (await t.api('GET', `${BASE}/replicate`)).body.provider_account;
    expect(before).toMatchObject({ display_name: 'Replicate Prod', account_ref: 'acct-1', base_url: 'https://api.replicate.com', enabled: false });

    const { provider_account: replaced } = await upsert({ provider_code: 'REPLICATE', base_url: '  ' });
    expect(replaced).toEqual({
      project_id: projectId,
      provider_code: 'replicate',
      display_name: 'replicate',
      account_ref: '',
      base_url: '',
      enabled: true,
      config_json: {},
      created_at: '2020-01-01T00:00:00Z',
      updated_at: expect.stringMatching(TIMESTAMP),
    });
    expect(replaced.updated_at).not.toBe('2020-01-01T00:00:00Z');
    const rows = await db.selectFrom('provider_accounts').selectAll().where('provider_code', '=', 'replicate').execute();
    expect(rows).toHaveLength(1);
    expect([rows[0]?.account_ref, rows[0]?.base_url]).toEqual([null, null]);
  });
});

describe('GET provider-accounts', () => {
  it('lists by provider_code ASC', async () => {
    expectError(await t.api('GET', '/api/projects/nope/provider-accounts'), 404, 'Project not found');
    await createProject(t, 'PA Sorted');
    for (const code of ['zeta', 'Alpha', 'mid']) {
      expect((await t.api('POST', '/api/projects/pa_sorted/provider-accounts', { body: { provider_code: code } })).status).toBe(200);
    }
    const res = await t.api('GET', '/api/projects/pa_sorted/provider-accounts');
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(3);
    expect(res.body.provider_accounts.map((a: { provider_code: string }) => a.provider_code)).toEqual(['alpha', 'mid', 'zeta']);
  });

  it('reads one by a normalized path code, without audit_id', async () => {
    await upsert({ provider_code: 'stability' });
    const res = await t.api('GET', `${BASE}/%20Stability%20`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['ok', 'provider_account']);
    expect(res.body.provider_account.provider_code).toBe('stability');
  });

  it('orders its checks: slug (404), code (400), project (404), account (404)', async () => {
    expectError(await t.api('GET', '/api/projects/___/provider-accounts/___'), 404, NOT_FOUND);
    expectError(await t.api('GET', '/api/projects/nope/provider-accounts/___'), 400, CODE_REQUIRED);
    expectError(await t.api('GET', `${BASE}/___`), 400, CODE_REQUIRED);
    expectError(await t.api('GET', '/api/projects/nope/provider-accounts/openai'), 404, NOT_FOUND);
    expectError(await t.api('GET', `${BASE}/unknown-provider`), 404, NOT_FOUND);
  });
});

describe('PUT provider-accounts/{code}', () => {
  it('needs one field before anything else', async () => {
    expectError(await t.api('PUT', '/api/projects/___/provider-accounts/___', { body: {} }), 400, NEEDS_FIELD);
    expectError(await t.api('PUT', `${BASE}/openai`, { body: { provider_code: 'x', config_json: null } }), 400, NEEDS_FIELD);
    expectError(await t.api('PUT', '/api/projects/___/provider-accounts/___', { body: { enabled: true } }), 404, NOT_FOUND);
    expectError(await t.api('PUT', '/api/projects/nope/provider-accounts/___', { body: { enabled: true } }), 400, CODE_REQUIRED);
    expectError(await t.api('PUT', '/api/projects/nope/provider-accounts/openai', { body: { display_name: '' } }), 404, NOT_FOUND);
    expectError(await t.api('PUT', `${BASE}/unknown-provider`, { body: { display_name: '' } }), 404, NOT_FOUND);
    expectError(await t.api('PUT', `${BASE}/openai`, { body: { display_name: '  ' } }), 400, "Field 'display_name' is required");
  });

  it('merges the given fields and audits with the normalized code', async () => {
    await upsert({ provider_code: 'merge', display_name: 'Merge Co', account_ref: 'ref', base_url: 'https://m.example', config_json: { a: 1, b: 2 } });
    const res = await t.api('PUT', `${BASE}/MERGE`, { body: { base_url: ' https://new.example ', config_json: { c: 3 } } });
    expect(res.status).toBe(200);
    expect(res.body.audit_id).toMatch(UUID);
    expect(res.body.provider_account).toMatchObject({
      provider_code: 'merge',
      display_name: 'Merge Co',
      account_ref: 'ref',
      base_url: 'https://new.example',
      enabled: true,
      config_json: { c: 3 },
    });
    expect(await auditEvent(res.body.audit_id)).toMatchObject({ event_code: 'provider_account.update', payload: { provider_code: 'merge' } });

    const cleared = await t.api('PUT', `${BASE}/merge`, { body: { account_ref: '', enabled: false, display_name: ' Renamed ' } });
    expect(cleared.body.provider_account).toMatchObject({ display_name: 'Renamed', account_ref: '', base_url: 'https://new.example', enabled: false });
    expect((await t.api('GET', `${BASE}/merge`)).body.provider_account).toEqual(cleared.body.provider_account);
  });
});

describe('DELETE provider-accounts/{code}', () => {
  it('deletes, echoes the raw path code and audits it', async () => {
    await upsert({ provider_code: 'openai' });
    const res = await t.api('DELETE', `${BASE}/OpenAI`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, deleted: true, provider_code: 'OpenAI', audit_id: expect.stringMatching(UUID) });
    expect(await auditEvent(res.body.audit_id)).toEqual({
      project_id: projectId,
      actor_user_id: null,
      event_code: 'provider_account.delete',
      payload: { provider_code: 'OpenAI' },
    });
    expectError(await t.api('GET', `${BASE}/openai`), 404, NOT_FOUND);
    expectError(await t.api('DELETE', `${BASE}/openai`), 404, NOT_FOUND);
  });

  it('orders its checks like GET', async () => {
    expectError(await t.api('DELETE', '/api/projects/___/provider-accounts/___'), 404, NOT_FOUND);
    expectError(await t.api('DELETE', '/api/projects/nope/provider-accounts/___'), 400, CODE_REQUIRED);
    expectError(await t.api('DELETE', '/api/projects/nope/provider-accounts/openai'), 404, NOT_FOUND);
  });

  it('writes no audit event when it fails', async () => {
    const before = await t.server.store.db.selectFrom('audit_events').select('id').where('event_code', 'like', 'provider_account.%').execute();
    await t.api('DELETE', `${BASE}/never-existed`);
    await t.api('PUT', `${BASE}/never-existed`, { body: { enabled: true } });
    const after = await t.server.store.db.selectFrom('audit_events').select('id').where('event_code', 'like', 'provider_account.%').execute();
    expect(after).toHaveLength(before.length);
  });
});

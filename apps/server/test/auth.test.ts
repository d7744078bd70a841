import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

describe('auth tokens (bypass on)', () => {
  let t: TTestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await createProject(t, 'Token Project');
  });
  afterAll(async () => t.close());

  it('mints kroma_ tokens shown once, lists them without hashes, revokes idempotently', async () => {
    const created = await t.api('POST', '/auth/token', { body: {} });
    expect(created.status).toBe(200);
    const token = created.body.auth_token;
    expect(token.token).toMatch(/^kroma_[0-9a-f]{64}$/);
    expect(token.token_prefix).toBe(token.token.slice(0, 12));
    expect(token).toMatchObject({ label: '', project_id: null, expires_at: null });

    const list = await t.api('GET', '/auth/tokens');
    expect(list.body.count).toBe(1);
    expect(list.body.auth_tokens[0]).toMatchObject({ id: token.id, active: true, revoked_at: null, last_used_at: null });
    expect(list.text).not.toContain(token.token);
    expect(Object.keys(list.body.auth_tokens[0])).not.toContain('token_hash');

    const revoked = await t.api('DELETE', `/auth/tokens/${token.id}`);
    expect(revoked.body).toEqual({ ok: true, deleted: true, token_id: token.id });
    const again = await t.api('DELETE', `/auth/tokens/${token.id}`);
    expect(again.status).toBe(200);
    const after = await t.api('GET', '/auth/tokens');
    expect(after.body.auth_tokens[0].active).toBe(false);
    expect(after.body.auth_tokens[0].revoked_at).toMatch(/Z$/);
    const unknown = await t.api('DELETE', '/auth/tokens/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('Auth token not found');
    expect((await t.api('DELETE', '/auth/tokens/%20')).body.error).toBe('token_id is required');
  });

  it('truncates labels, scopes to projects, normalizes expiry', async () => {
    const res = await t.api('POST', '/auth/token', {
      body: { label: 'x'.repeat(250), project_slug: 'Token Project', expires_at: '2099-01-02T03:04:05+02:00' },
    });
    expect(res.body.auth_token.label).toHaveLength(200);
    expect(res.body.auth_token.project_id).toBeTruthy();
    expect(res.body.auth_token.expires_at).toBe('2099-01-02T01:04:05Z');
    const dateOnly = await t.api('POST', '/auth/token', { body: { expires_at: '2099-12-31' } });
    expect(dateOnly.body.auth_token.expires_at).toBe('2099-12-31T23:59:59Z');
    const bad = await t.api('POST', '/auth/token', { body: { expires_at: 'next tuesday' } });
    expect(bad.status).toBe(400);
    for (const project_slug of ['nope', '']) {
      const missing = await t.api('POST', '/auth/token', { body: { project_slug } });
      expect(missing.status).toBe(404);
      expect(missing.body.error).toBe('Project not found');
    }
  });

  it('needs a JSON body even when every field is optional', async () => {
    expect((await t.api('POST', '/auth/token')).status).toBe(415);
    expect((await t.api('POST', '/auth/token', { raw: '', headers: { 'content-type': 'application/json' } })).status).toBe(400);
  });
});

describe('auth enforced', () => {
  let t: TTestServer;
  let token: string;
  beforeAll(async () => {
    t = await startTestServer({ authEnforced: true });
    const first = await t.api('POST', '/auth/token', { body: { label: 'first' } });
    expect(first.status).toBe(200);
    token = first.body.auth_token.token;
  });
  afterAll(async () => t.close());

  it('mints the first token without one only while none is active', async () => {
    const second = await t.api('POST', '/auth/token', { body: {} });
    expect(second.status).toBe(401);
    expect(second.body.error).toBe('Missing Authorization: Bearer token');
    expect((await t.api('POST', '/auth/token', { body: {}, token })).status).toBe(200);
  });

  it('keeps GET /health and GET /api/projects public', async () => {
    expect((await t.api('GET', '/health')).status).toBe(200);
    expect((await t.api('GET', '/api/projects')).status).toBe(200);
    expect((await t.api('GET', '/openapi.json')).status).toBe(200);
  });

  it('guards the instruction queue: a token, and one not scoped to a single project', async () => {
    const anonymous = await t.api('GET', '/api/agent/queue');
    expect(anonymous.status).toBe(401);
    expect((await t.api('GET', '/api/agent/queue', { token })).status).toBe(200);
    await t.api('POST', '/api/projects', { body: { name: 'Queue Scope' }, token });
    const scoped = (await t.api('POST', '/auth/token', { body: { project_slug: 'queue_scope' }, token })).body.auth_token.token;
    const claim = await t.api('POST', '/api/agent/worker/claim', { body: { worker_id: 'w1' }, token: scoped });
    expect(claim.status).toBe(403);
    expect(claim.body.error).toBe('The instruction queue needs a token that is not scoped to one project');
  });

  it('answers 401 before parsing anything', async () => {
    const none = await t.api('POST', '/api/projects', { raw: '{broken' });
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('Missing Authorization: Bearer token');
    const basic = await t.api('GET', '/auth/tokens', { headers: { authorization: 'Basic abc' } });
    expect(basic.body.error).toBe('Missing Authorization: Bearer token');
    const wrong = await t.api('GET', '/auth/tokens', { token: 'kroma_nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('Invalid or expired token');
    const lower = await t.api('GET', '/auth/tokens', { headers: { authorization: `bearer   ${token}  ` } });
    expect(lower.status).toBe(200);
  });

  it('checks project ownership and scope with 403', async () => {
    await t.api('POST', '/api/projects', { body: { name: 'Mine' }, token });
    await t.api('POST', '/api/projects', { body: { name: 'Theirs', username: 'someone' }, token });
    expect((await t.api('GET', '/api/projects/mine', { token })).status).toBe(200);
    const theirs = await t.api('GET', '/api/projects/theirs', { token });
    expect(theirs.status).toBe(403);
    expect(theirs.body.error).toBe('Token is not authorized for this project');
    const missing = await t.api('GET', '/api/projects/does_not_exist', { token });
    expect(missing.status).toBe(403);
    const scoped = (await t.api('POST', '/auth/token', { body: { project_slug: 'mine' }, token })).body.auth_token.token;
    await t.api('POST', '/api/projects', { body: { name: 'Other Mine' }, token });
    expect((await t.api('GET', '/api/projects/mine', { token: scoped })).status).toBe(200);
    expect((await t.api('GET', '/api/projects/other_mine', { token: scoped })).status).toBe(403);
    expect((await t.api('GET', '/api/projects/___', { token })).body.error).toBe('Project access check failed');
  });

  it('rejects revoked and expired tokens and records last use', async () => {
    const minted = (await t.api('POST', '/auth/token', { body: { label: 'short' }, token })).body.auth_token;
    expect((await t.api('GET', '/auth/tokens', { token: minted.token })).status).toBe(200);
    const listed = (await t.api('GET', '/auth/tokens', { token })).body.auth_tokens.find((x: { id: string }) => x.id === minted.id);
    expect(listed.last_used_at).toMatch(/Z$/);
    await t.api('DELETE', `/auth/tokens/${minted.id}`, { token });
    expect((await t.api('GET', '/auth/tokens', { token: minted.token })).status).toBe(401);
    const expired = (await t.api('POST', '/auth/token', { body: { expires_at: '2000-01-01' }, token })).body.auth_token;
    expect((await t.api('GET', '/auth/tokens', { token: expired.token })).body.error).toBe('Invalid or expired token');
  });

  it('records the token user on audit events', async () => {
    const res = await t.api('POST', '/api/projects', { body: { name: 'Audited' }, token });
    const row = await t.server.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '=', res.body.audit_id)
      .executeTakeFirstOrThrow();
    expect(row.event_code).toBe('project.upsert');
    expect(row.actor_user_id).toBeTruthy();
    expect(JSON.parse(row.payload_json)).toEqual({ project_id: res.body.project.id, slug: 'audited' });
  });
});

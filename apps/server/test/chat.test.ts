import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
let projectId: string;
const BASE = '/api/projects/chat_test/chat/sessions';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'Chat Test')).id;
  await createProject(t, 'Other Chat');
});
afterAll(async () => {
  await t.close();
});

const newSession = async (title?: string) => {
  const res = await t.api('POST', BASE, { body: title === undefined ? {} : { title } });
  expect(res.status).toBe(200);
  return res.body.session as { id: string; title: string; updated_at: string };
};

describe('chat sessions', () => {
  it('creates with the default title, trims a given one, and reads it back', async () => {
    const res = await t.api('POST', BASE, { body: {} });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['ok', 'session']);
    const session = res.body.session;
    expect(session).toMatchObject({ project_id: projectId, title: 'New Session', status: 'active' });
    expect(session.id).toMatch(UUID_V4);
    expect(session.created_at).toMatch(TIMESTAMP);
    expect(session.updated_at).toBe(session.created_at);
    expect((await newSession('   ')).title).toBe('New Session');
    expect((await t.api('POST', BASE, { body: { title: null } })).body.session.title).toBe('New Session');
    const titled = await newSession('  Plot ideas  ');
    expect(titled.title).toBe('Plot ideas');

    const got = await t.api('GET', `${BASE}/${titled.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ ok: true, session: titled });
    const row = await t.server.store.db.selectFrom('chat_sessions').selectAll().where('id', '=', titled.id).executeTakeFirst();
    expect(row?.title).toBe('Plot ideas');
  });

  it('lists by updated_at DESC, id DESC', async () => {
    const db = t.server.store.db;
    const res = await t.api('POST', '/api/projects/other_chat/chat/sessions', { body: { title: 'elsewhere' } });
    const other = res.body.session.id as string;
    const ids = ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000003'];
    const rows = [
      { id: ids[0] as string, updated_at: '2030-01-01T00:00:00Z' },
      { id: ids[1] as string, updated_at: '2030-01-02T00:00:00Z' },
      { id: ids[2] as string, updated_at: '2030-01-01T00:00:00Z' },
    ];
    await db
      .insertInto('chat_sessions')
      .values(rows.map((r) => ({ ...r, project_id: projectId, title: r.id, status: 'active', created_at: r.updated_at })))
      .execute();
    const list = await t.api('GET', BASE);
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(list.body.sessions.length);
    expect(list.body.sessions.slice(0, 3).map((s: { id: string }) => s.id)).toEqual([ids[1], ids[2], ids[0]]);
    expect(list.body.sessions.map((s: { id: string }) => s.id)).not.toContain(other);
  });

  it('answers Project not found on list/create and Chat session not found below a session', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/projects/nope/chat/sessions', undefined],
      ['POST', '/api/projects/nope/chat/sessions', {}],
    ] as const) {
      const res = await t.api(method, path, { body });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'Project not found' });
    }
    const session = await newSession('mine');
    for (const path of [
      `${BASE}/missing`,
      `${BASE}/missing/messages`,
      `/api/projects/nope/chat/sessions/${session.id}`,
      `/api/projects/nope/chat/sessions/${session.id}/messages`,
      `/api/projects/other_chat/chat/sessions/${session.id}`,
    ]) {
      const res = await t.api('GET', path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'Chat session not found' });
    }
    const post = await t.api('POST', `/api/projects/nope/chat/sessions/${session.id}/messages`, {
      body: { role: 'user', content: 'hi' },
    });
    expect(post.status).toBe(404);
    expect(post.body.error).toBe('Chat session not found');
    const wrongProject = await t.api('POST', `/api/projects/other_chat/chat/sessions/${session.id}/messages`, {
      body: { role: 'user', content: 'hi' },
    });
    expect(wrongProject.status).toBe(404);
    expect(wrongProject.body.error).toBe('Chat session not found');
  });

  it('rejects wrong JSON types with 422', async () => {
    expect((await t.api('POST', BASE, { body: { title: 5 } })).status).toBe(422);
    const session = await newSession();
    expect((await t.api('POST', `${BASE}/${session.id}/messages`, { body: { role: 'user', content: 7 } })).status).toBe(422);
  });
});

describe('chat messages', () => {
  it('validates role and content before any lookup, in that order', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, "Field 'role' is required"],
      [{ role: '  ', content: 'x' }, "Field 'role' is required"],
      [{ role: null, content: 'x' }, "Field 'role' is required"],
      [{ content: 'x' }, "Field 'role' is required"],
      [{ role: 'robot' }, "Field 'role' must be one of: user, assistant, system, tool"],
      [{ role: 'robot', content: 'x' }, "Field 'role' must be one of: user, assistant, system, tool"],
      [{ role: 'user' }, "Field 'content' is required"],
      [{ role: 'user', content: '   ' }, "Field 'content' is required"],
      [{ role: 'user', content: '', content_text: ' ' }, "Field 'content' is required"],
    ];
    for (const [body, error] of cases) {
      const res = await t.api('POST', '/api/projects/nope/chat/sessions/missing/messages', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual({ ok: false, error });
    }
  });

  it('appends messages: role lower-cased, content trimmed, both dialects, oldest first', async () => {
    const session = await newSession('Dialogue');
    const path = `${BASE}/${session.id}/messages`;
    const first = await t.api('POST', path, { body: { role: ' USER ', content: '  Draw the hero  ' } });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['message', 'ok']);
    expect(first.body.message).toMatchObject({ project_id: projectId, session_id: session.id, role: 'user', content: 'Draw the hero' });
    expect(first.body.message.id).toMatch(UUID_V4);
    expect(first.body.message.created_at).toMatch(TIMESTAMP);

    const alias = await t.api('POST', path, { body: { role: 'Assistant', content_text: ' Sketching now ' } });
    expect(alias.body.message).toMatchObject({ role: 'assistant', content: 'Sketching now' });
    const both = await t.api('POST', path, { body: { role: 'system', content: 'content wins', content_text: 'alias loses' } });
    expect(both.body.message.content).toBe('content wins');
    const blankContent = await t.api('POST', path, { body: { role: 'TOOL', content: '  ', content_text: 'alias used' } });
    expect(blankContent.body.message).toMatchObject({ role: 'tool', content: 'alias used' });

    const list = await t.api('GET', path);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ ok: true, session_id: session.id, count: 4 });
    expect(list.body.messages.map((m: { content: string }) => m.content)).toEqual([
      'Draw the hero',
      'Sketching now',
      'content wins',
      'alias used',
    ]);
    expect(list.body.messages[0]).toEqual(first.body.message);

    const rows = await t.server.store.db
      .selectFrom('chat_messages')
      .select(['seq', 'role', 'content'])
      .where('session_id', '=', session.id)
      .orderBy('seq')
      .execute();
    expect(rows).toEqual([
      { seq: 1, role: 'user', content: 'Draw the hero' },
      { seq: 2, role: 'assistant', content: 'Sketching now' },
      { seq: 3, role: 'system', content: 'content wins' },
      { seq: 4, role: 'tool', content: 'alias used' },
    ]);
  });

  it('orders by insertion (seq), not by id or time, and keeps sessions apart', async () => {
    const session = await newSession('Order');
    const other = await newSession('Other');
    const path = `${BASE}/${session.id}/messages`;
    const contents = ['one', 'two', 'three', 'four', 'five', 'six'];
    for (const content of contents) {
      await t.api('POST', path, { body: { role: 'user', content } });
      await t.api('POST', `${BASE}/${other.id}/messages`, { body: { role: 'user', content: `other ${content}` } });
    }
    const list = await t.api('GET', path);
    expect(list.body.messages.map((m: { content: string }) => m.content)).toEqual(contents);
    const otherList = await t.api('GET', `${BASE}/${other.id}/messages`);
    expect(otherList.body.count).toBe(6);
    const seqs = await t.server.store.db
      .selectFrom('chat_messages')
      .select('seq')
      .where('session_id', '=', other.id)
      .orderBy('seq')
      .execute();
    expect(seqs.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('echoes the path session id and does not bump the session', async () => {
    const session = await newSession('Quiet');
    await t.server.store.db
      .updateTable('chat_sessions')
      .set({ updated_at: '2000-01-01T00:00:00Z' })
      .where('id', '=', session.id)
      .execute();
    const posted = await t.api('POST', `${BASE}/${session.id}/messages`, { body: { role: 'user', content: 'hello' } });
    expect(posted.status).toBe(200);
    const after = await t.api('GET', `${BASE}/${session.id}`);
    expect(after.body.session.updated_at).toBe('2000-01-01T00:00:00Z');
    const empty = await newSession('Empty');
    expect(await t.api('GET', `${BASE}/${empty.id}/messages`).then((r) => r.body)).toEqual({
      ok: true,
      session_id: empty.id,
      count: 0,
      messages: [],
    });
  });
});

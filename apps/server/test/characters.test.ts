import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TApiResponse, type TTestServer } from './support/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const BASE = '/api/projects/char_test/characters';
const NOT_FOUND = 'Character not found';

let t: TTestServer;
let projectId: string;
beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'Char Test')).id;
  await createProject(t, 'Char Other');
});
afterAll(async () => {
  await t.close();
});

function expectError(res: TApiResponse, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ ok: false, error });
}

async function create(body: Record<string, unknown>) {
  const res = await t.api('POST', BASE, { body });
  expect(res.status).toBe(200);
  return res.body.character as { id: string; name: string; description: string; prompt_text: string; created_at: string };
}

describe('POST characters', () => {
  it('creates a character with only a name', async () => {
    const res = await t.api('POST', BASE, { body: { name: '  Mira  ' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      character: {
        id: expect.stringMatching(UUID),
        project_id: projectId,
        name: 'Mira',
        description: '',
        prompt_text: '',
        created_at: expect.stringMatching(TIMESTAMP),
        updated_at: expect.stringMatching(TIMESTAMP),
      },
    });
    const full = await create({ name: 'Jon', description: ' tall ', prompt_text: ' a tall man ' });
    expect(full).toMatchObject({ description: 'tall', prompt_text: 'a tall man' });
  });

  it('needs a name before the project lookup', async () => {
    expectError(await t.api('POST', '/api/projects/nope/characters', { body: {} }), 400, "Field 'name' is required");
    expectError(await t.api('POST', BASE, { body: { name: '\t', description: 'x' } }), 400, "Field 'name' is required");
    expectError(await t.api('POST', '/api/projects/nope/characters', { body: { name: 'X' } }), 404, 'Project not found');
  });

  it('refuses duplicate names within a project only', async () => {
    await create({ name: 'Twin' });
    expectError(await t.api('POST', BASE, { body: { name: 'Twin' } }), 400, 'Character name already exists');
    expect((await t.api('POST', BASE, { body: { name: 'twin' } })).status).toBe(200);
    expect((await t.api('POST', '/api/projects/char_other/characters', { body: { name: 'Twin' } })).status).toBe(200);
  });
});

describe('GET characters', () => {
  it('lists recently updated first and reads one', async () => {
    expectError(await t.api('GET', '/api/projects/nope/characters'), 404, 'Project not found');
    const first = await create({ name: 'First' });
    const second = await create({ name: 'Second' });
    await t.server.store.db.updateTable('characters').set({ updated_at: '2030-01-01T00:00:00Z' }).where('id', '=', first.id).execute();
    const list = await t.api('GET', BASE);
    expect(list.body.count).toBe(list.body.characters.length);
    expect(list.body.characters[0].id).toBe(first.id);
    expect(list.body.characters.map((c: { id: string }) => c.id)).toContain(second.id);
    expect((await t.api('GET', `${BASE}/${second.id}`)).body).toEqual({ ok: true, character: second });
    expectError(await t.api('GET', `${BASE}/missing`), 404, NOT_FOUND);
    expectError(await t.api('GET', `/api/projects/nope/characters/${second.id}`), 404, NOT_FOUND);
    expectError(await t.api('GET', `/api/projects/char_other/characters/${second.id}`), 404, NOT_FOUND);
  });
});

describe('PUT characters/{id}', () => {
  it('checks at least one field, then 404s, then fields, then uniqueness', async () => {
    const made = await create({ name: 'Checked' });
    await create({ name: 'Claimed' });
    const message = 'Provide at least one of: name, description, prompt_text';
    expectError(await t.api('PUT', '/api/projects/nope/characters/x', { body: {} }), 400, message);
    expectError(await t.api('PUT', `${BASE}/${made.id}`, { body: { description: null } }), 400, message);
    expectError(await t.api('PUT', `/api/projects/nope/characters/${made.id}`, { body: { name: 'x' } }), 404, NOT_FOUND);
    expectError(await t.api('PUT', `${BASE}/missing`, { body: { name: '' } }), 404, NOT_FOUND);
    expectError(await t.api('PUT', `${BASE}/${made.id}`, { body: { name: ' ' } }), 400, "Field 'name' is required");
    expectError(await t.api('PUT', `${BASE}/${made.id}`, { body: { name: 'Claimed' } }), 400, 'Character name already exists');
  });

  it('merges given fields; "" clears the optional texts', async () => {
    const made = await create({ name: 'Editable', description: 'desc', prompt_text: 'prompt' });
    const one = await t.api('PUT', `${BASE}/${made.id}`, { body: { description: 'new desc' } });
    expect(one.status).toBe(200);
    expect(one.body.character).toMatchObject({ name: 'Editable', description: 'new desc', prompt_text: 'prompt', created_at: made.created_at });
    const cleared = await t.api('PUT', `${BASE}/${made.id}`, { body: { description: '', prompt_text: '  ' } });
    expect(cleared.body.character).toMatchObject({ name: 'Editable', description: '', prompt_text: '' });
    const row = await t.server.store.db.selectFrom('characters').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
    expect([row.description, row.prompt_text]).toEqual([null, null]);
    const renamed = await t.api('PUT', `${BASE}/${made.id}`, { body: { name: 'Edited' } });
    expect((await t.api('GET', `${BASE}/${made.id}`)).body.character).toEqual(renamed.body.character);
  });
});

describe('DELETE characters/{id}', () => {
  it('deletes and answers the id', async () => {
    const made = await create({ name: 'Leaving' });
    expectError(await t.api('DELETE', `/api/projects/nope/characters/${made.id}`), 404, NOT_FOUND);
    expect((await t.api('DELETE', `${BASE}/${made.id}`)).body).toEqual({ ok: true, deleted: true, id: made.id });
    expectError(await t.api('DELETE', `${BASE}/${made.id}`), 404, NOT_FOUND);
    const left = await t.server.store.db.selectFrom('characters').select('id').where('id', '=', made.id).execute();
    expect(left).toEqual([]);
  });
});

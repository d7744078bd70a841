import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TApiResponse, type TTestServer } from './support/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const BASE = '/api/projects/sg_test/style-guides';
const NOT_FOUND = 'Style guide not found';

let t: TTestServer;
let projectId: string;
beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'SG Test')).id;
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
  return res.body.style_guide as { id: string; name: string; instructions: string; notes: string; created_at: string };
}

describe('POST style-guides', () => {
  it('creates a guide; notes default to ""', async () => {
    const res = await t.api('POST', BASE, { body: { name: ' Ink ', instructions: ' Bold lines ' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      style_guide: {
        id: expect.stringMatching(UUID),
        project_id: projectId,
        name: 'Ink',
        instructions: 'Bold lines',
        notes: '',
        created_at: expect.stringMatching(TIMESTAMP),
        updated_at: expect.stringMatching(TIMESTAMP),
      },
    });
    const withNotes = await create({ name: 'Watercolor', instructions: 'Soft', notes: '  pale  ' });
    expect(withNotes.notes).toBe('pale');
    const blankNotes = await create({ name: 'Pencil', instructions: 'Grey', notes: '   ' });
    const row = await t.server.store.db.selectFrom('style_guides').select('notes').where('id', '=', blankNotes.id).executeTakeFirstOrThrow();
    expect(row.notes).toBeNull();
    expect(blankNotes.notes).toBe('');
  });

  it('validates name then instructions before the project lookup', async () => {
    expectError(await t.api('POST', '/api/projects/nope/style-guides', { body: {} }), 400, "Field 'name' is required");
    expectError(await t.api('POST', '/api/projects/nope/style-guides', { body: { name: 'A' } }), 400, "Field 'instructions' is required");
    expectError(await t.api('POST', BASE, { body: { name: 'A', instructions: '  ' } }), 400, "Field 'instructions' is required");
    expectError(await t.api('POST', '/api/projects/nope/style-guides', { body: { name: 'A', instructions: 'b' } }), 404, 'Project not found');
  });

  it('refuses duplicate names, case-sensitively', async () => {
    await create({ name: 'Noir', instructions: 'Dark' });
    expectError(await t.api('POST', BASE, { body: { name: 'Noir', instructions: 'Other' } }), 400, 'Style guide name already exists');
    expect((await t.api('POST', BASE, { body: { name: 'NOIR', instructions: 'Other' } })).status).toBe(200);
  });
});

describe('GET style-guides', () => {
  it('lists recently updated first', async () => {
    expectError(await t.api('GET', '/api/projects/nope/style-guides'), 404, 'Project not found');
    const older = await create({ name: 'Older', instructions: 'x' });
    const newer = await create({ name: 'Newer', instructions: 'x' });
    const db = t.server.store.db;
    await db.updateTable('style_guides').set({ updated_at: '2001-01-01T00:00:00Z' }).where('project_id', '=', projectId).execute();
    await db.updateTable('style_guides').set({ updated_at: '2001-01-03T00:00:00Z' }).where('id', '=', older.id).execute();
    await db.updateTable('style_guides').set({ updated_at: '2001-01-02T00:00:00Z' }).where('id', '=', newer.id).execute();
    const res = await t.api('GET', BASE);
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(res.body.style_guides.length);
    const ids = res.body.style_guides.map((g: { id: string }) => g.id);
    expect(ids.slice(0, 2)).toEqual([older.id, newer.id]);
    const tied = ids.slice(2);
    expect(tied).toEqual([...tied].sort().reverse());
  });

  it('reads one guide or answers the guide 404', async () => {
    const made = await create({ name: 'Single', instructions: 'x', notes: 'n' });
    expect((await t.api('GET', `${BASE}/${made.id}`)).body).toEqual({ ok: true, style_guide: made });
    expectError(await t.api('GET', `${BASE}/missing`), 404, NOT_FOUND);
    expectError(await t.api('GET', `/api/projects/nope/style-guides/${made.id}`), 404, NOT_FOUND);
  });
});

describe('PUT style-guides/{id}', () => {
  it('checks at least one field, then 404s, then fields, then uniqueness', async () => {
    const made = await create({ name: 'Orderly', instructions: 'x' });
    await create({ name: 'Occupied', instructions: 'x' });
    expectError(await t.api('PUT', '/api/projects/nope/style-guides/x', { body: {} }), 400, 'Provide at least one of: name, instructions, notes');
    expectError(await t.api('PUT', `/api/projects/nope/style-guides/${made.id}`, { body: { notes: 'n' } }), 404, NOT_FOUND);
    expectError(await t.api('PUT', `${BASE}/missing`, { body: { name: '' } }), 404, NOT_FOUND);
    expectError(await t.api('PUT', `${BASE}/${made.id}`, { body: { name: '' } }), 400, "Field 'name' is required");
    expectError(await t.api('PUT', `${BASE}/${made.id}`, { body: { instructions: ' ' } }), 400, "Field 'instructions' is required");
    expectError(await t.api('PUT', `${BASE}/${made.id}`, { body: { name: 'Occupied' } }), 400, 'Style guide name already exists');
  });

  it('merges given fields; "" clears notes', async () => {
    const made = await create({ name: 'Mergeable', instructions: 'keep', notes: 'some notes' });
    const renamed = await t.api('PUT', `${BASE}/${made.id}`, { body: { name: ' Merged ' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.style_guide).toMatchObject({ name: 'Merged', instructions: 'keep', notes: 'some notes', created_at: made.created_at });
    const cleared = await t.api('PUT', `${BASE}/${made.id}`, { body: { notes: '' } });
    expect(cleared.body.style_guide).toMatchObject({ name: 'Merged', instructions: 'keep', notes: '' });
    const row = await t.server.store.db.selectFrom('style_guides').select('notes').where('id', '=', made.id).executeTakeFirstOrThrow();
    expect(row.notes).toBeNull();
    const both = await t.api('PUT', `${BASE}/${made.id}`, { body: { instructions: 'new', notes: 'again' } });
    expect(both.body.style_guide).toMatchObject({ instructions: 'new', notes: 'again' });
  });
});

describe('DELETE style-guides/{id}', () => {
  it('deletes and answers the id', async () => {
    const made = await create({ name: 'Gone', instructions: 'x' });
    expectError(await t.api('DELETE', `/api/projects/nope/style-guides/${made.id}`), 404, NOT_FOUND);
    expect((await t.api('DELETE', `${BASE}/${made.id}`)).body).toEqual({ ok: true, deleted: true, id: made.id });
    expectError(await t.api('DELETE', `${BASE}/${made.id}`), 404, NOT_FOUND);
    expectError(await t.api('GET', `${BASE}/${made.id}`), 404, NOT_FOUND);
  });
});

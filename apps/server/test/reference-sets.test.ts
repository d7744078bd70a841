import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TApiResponse, type TTestServer } from './support/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const BASE = '/api/projects/rs_test/reference-sets';
const SET_NOT_FOUND = 'Reference set not found';
const ITEM_NOT_FOUND = 'Reference set item not found';
const NEEDS_CONTENT = 'Provide at least one of: content_uri, content_text';
const NEEDS_ITEM_FIELD = 'Provide at least one of: label, content_uri, content_text, sort_order, metadata_json';

let t: TTestServer;
let projectId: string;
beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'RS Test')).id;
});
afterAll(async () => {
  await t.close();
});

function expectError(res: TApiResponse, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ ok: false, error });
}

async function createSet(name: string, description?: string) {
  const res = await t.api('POST', BASE, { body: { name, description } });
  expect(res.status).toBe(200);
  return res.body.reference_set as { id: string; name: string; description: string; created_at: string };
}

async function createItem(setId: string, body: Record<string, unknown>) {
  const res = await t.api('POST', `${BASE}/${setId}/items`, { body });
  expect(res.status).toBe(200);
  return res.body.item as { id: string; label: string; content_uri: string; content_text: string; sort_order: number; metadata_json: unknown };
}

describe('reference sets', () => {
  it('creates a set with trimmed texts', async () => {
    const res = await t.api('POST', BASE, { body: { name: ' Faces ', description: ' close-ups ' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      reference_set: {
        id: expect.stringMatching(UUID),
        project_id: projectId,
        name: 'Faces',
        description: 'close-ups',
        created_at: expect.stringMatching(TIMESTAMP),
        updated_at: expect.stringMatching(TIMESTAMP),
      },
    });
    expect((await createSet('No description')).description).toBe('');
  });

  it('validates the name before the project, then checks uniqueness', async () => {
    expectError(await t.api('POST', '/api/projects/nope/reference-sets', { body: {} }), 400, "Field 'name' is required");
    expectError(await t.api('POST', BASE, { body: { name: ' ', description: 'x' } }), 400, "Field 'name' is required");
    expectError(await t.api('POST', '/api/projects/nope/reference-sets', { body: { name: 'X' } }), 404, 'Project not found');
    await createSet('Unique');
    expectError(await t.api('POST', BASE, { body: { name: 'Unique' } }), 400, 'Reference set name already exists');
    expect((await t.api('POST', BASE, { body: { name: 'unique' } })).status).toBe(200);
  });

  it('lists recently updated first and reads one', async () => {
    expectError(await t.api('GET', '/api/projects/nope/reference-sets'), 404, 'Project not found');
    const stale = await createSet('Stale');
    await t.server.store.db.updateTable('reference_sets').set({ updated_at: '2099-01-01T00:00:00Z' }).where('id', '=', stale.id).execute();
    const list = await t.api('GET', BASE);
    expect(list.body.count).toBe(list.body.reference_sets.length);
    expect(list.body.reference_sets[0].id).toBe(stale.id);
    expect((await t.api('GET', `${BASE}/${stale.id}`)).body.reference_set).toMatchObject({ id: stale.id, name: 'Stale' });
    expectError(await t.api('GET', `${BASE}/missing`), 404, SET_NOT_FOUND);
    expectError(await t.api('GET', `/api/projects/nope/reference-sets/${stale.id}`), 404, SET_NOT_FOUND);
  });

  it('updates partially; "" clears the description', async () => {
    const set = await createSet('Editable', 'words');
    await createSet('Other set');
    expectError(await t.api('PUT', '/api/projects/nope/reference-sets/x', { body: {} }), 400, 'Provide at least one of: name, description');
    expectError(await t.api('PUT', `/api/projects/nope/reference-sets/${set.id}`, { body: { name: '' } }), 404, SET_NOT_FOUND);
    expectError(await t.api('PUT', `${BASE}/missing`, { body: { name: '' } }), 404, SET_NOT_FOUND);
    expectError(await t.api('PUT', `${BASE}/${set.id}`, { body: { name: '' } }), 400, "Field 'name' is required");
    expectError(await t.api('PUT', `${BASE}/${set.id}`, { body: { name: 'Other set' } }), 400, 'Reference set name already exists');
    const cleared = await t.api('PUT', `${BASE}/${set.id}`, { body: { description: '' } });
    expect(cleared.body.reference_set).toMatchObject({ name: 'Editable', description: '', created_at: set.created_at });
    const renamed = await t.api('PUT', `${BASE}/${set.id}`, { body: { name: ' Edited ' } });
    expect(renamed.body.reference_set).toMatchObject({ name: 'Edited', description: '' });
  });

  it('deletes a set together with its items', async () => {
    const set = await createSet('Doomed set');
    const item = await createItem(set.id, { label: 'a', content_text: 'x' });
    await createItem(set.id, { label: 'b', content_uri: 'file:///b.png' });
    expectError(await t.api('DELETE', `/api/projects/nope/reference-sets/${set.id}`), 404, SET_NOT_FOUND);
    expect((await t.api('DELETE', `${BASE}/${set.id}`)).body).toEqual({ ok: true, deleted: true, id: set.id });
    expectError(await t.api('DELETE', `${BASE}/${set.id}`), 404, SET_NOT_FOUND);
    expectError(await t.api('GET', `${BASE}/${set.id}/items`), 404, SET_NOT_FOUND);
    expectError(await t.api('GET', `${BASE}/${set.id}/items/${item.id}`), 404, ITEM_NOT_FOUND);
    const left = await t.server.store.db.selectFrom('reference_set_items').select('id').where('reference_set_id', '=', set.id).execute();
    expect(left).toEqual([]);
  });
});

describe('reference set items', () => {
  it('adds an item with defaults and echoes the raw set id on lists', async () => {
    const set = await createSet('Items basic');
    const res = await t.api('POST', `${BASE}/${set.id}/items`, { body: { label: ' Front ', content_uri: ' file:///front.png ' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      item: {
        id: expect.stringMatching(UUID),
        project_id: projectId,
        reference_set_id: set.id,
        label: 'Front',
        content_uri: 'file:///front.png',
        content_text: '',
        sort_order: 0,
        metadata_json: {},
        created_at: expect.stringMatching(TIMESTAMP),
        updated_at: expect.stringMatching(TIMESTAMP),
      },
    });
    const same = await createItem(set.id, { label: 'Front', content_uri: 'file:///front.png', metadata_json: ['any', 1] });
    expect(same.id).not.toBe(res.body.item.id);
    expect(same.metadata_json).toEqual(['any', 1]);
    const list = await t.api('GET', `${BASE}/${set.id}/items`);
    expect(list.body).toMatchObject({ ok: true, reference_set_id: set.id, count: 2 });
    expect(list.body.items).toHaveLength(2);
  });

  it('validates label and content before the lookups', async () => {
    const set = await createSet('Items validation');
    expectError(await t.api('POST', '/api/projects/nope/reference-sets/x/items', { body: {} }), 400, "Field 'label' is required");
    expectError(await t.api('POST', '/api/projects/nope/reference-sets/x/items', { body: { label: 'l' } }), 400, NEEDS_CONTENT);
    expectError(await t.api('POST', `${BASE}/${set.id}/items`, { body: { label: 'l', content_uri: ' ', content_text: '' } }), 400, NEEDS_CONTENT);
    expectError(await t.api('POST', '/api/projects/nope/reference-sets/x/items', { body: { label: 'l', content_text: 't' } }), 404, SET_NOT_FOUND);
    expectError(await t.api('POST', `/api/projects/nope/reference-sets/${set.id}/items`, { body: { label: 'l', content_text: 't' } }), 404, SET_NOT_FOUND);
    expectError(await t.api('POST', `${BASE}/missing/items`, { body: { label: 'l', content_text: 't' } }), 404, SET_NOT_FOUND);
    expect((await t.api('POST', `${BASE}/${set.id}/items`, { body: { label: 'l', content_text: 't', sort_order: 1.5 } })).status).toBe(422);
    expectError(await t.api('GET', `/api/projects/nope/reference-sets/${set.id}/items`), 404, SET_NOT_FOUND);
  });

  it('lists by sort_order ASC, updated_at DESC, id DESC', async () => {
    const set = await createSet('Items order');
    const late = await createItem(set.id, { label: 'late', content_text: 'x', sort_order: 5 });
    const early = await createItem(set.id, { label: 'early', content_text: 'x', sort_order: -1 });
    const oldZero = await createItem(set.id, { label: 'old zero', content_text: 'x' });
    const newZero = await createItem(set.id, { label: 'new zero', content_text: 'x' });
    const db = t.server.store.db;
    await db.updateTable('reference_set_items').set({ updated_at: '2020-01-01T00:00:00Z' }).where('id', '=', oldZero.id).execute();
    await db.updateTable('reference_set_items').set({ updated_at: '2021-01-01T00:00:00Z' }).where('id', '=', newZero.id).execute();
    const res = await t.api('GET', `${BASE}/${set.id}/items`);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([early.id, newZero.id, oldZero.id, late.id]);
  });

  it('reads one item only through its own set and project', async () => {
    const set = await createSet('Items get');
    const other = await createSet('Items get other');
    const item = await createItem(set.id, { label: 'one', content_text: 'words' });
    expect((await t.api('GET', `${BASE}/${set.id}/items/${item.id}`)).body).toEqual({ ok: true, item });
    expectError(await t.api('GET', `${BASE}/${other.id}/items/${item.id}`), 404, ITEM_NOT_FOUND);
    expectError(await t.api('GET', `${BASE}/${set.id}/items/missing`), 404, ITEM_NOT_FOUND);
    expectError(await t.api('GET', `/api/projects/nope/reference-sets/${set.id}/items/${item.id}`), 404, ITEM_NOT_FOUND);
  });

  it('updates partially and keeps some content', async () => {
    const set = await createSet('Items update');
    const item = await createItem(set.id, { label: 'pose', content_uri: 'file:///pose.png', metadata_json: { a: 1 } });
    const path = `${BASE}/${set.id}/items/${item.id}`;
    expectError(await t.api('PUT', '/api/projects/nope/reference-sets/x/items/y', { body: {} }), 400, NEEDS_ITEM_FIELD);
    expectError(await t.api('PUT', `/api/projects/nope/reference-sets/${set.id}/items/${item.id}`, { body: { label: '' } }), 404, ITEM_NOT_FOUND);
    expectError(await t.api('PUT', `${BASE}/${set.id}/items/missing`, { body: { label: '' } }), 404, ITEM_NOT_FOUND);
    expectError(await t.api('PUT', path, { body: { label: ' ' } }), 400, "Field 'label' is required");
    expectError(await t.api('PUT', path, { body: { content_uri: '' } }), 400, NEEDS_CONTENT);
    expect((await t.api('GET', path)).body.item.content_uri).toBe('file:///pose.png');

    const swapped = await t.api('PUT', path, { body: { content_uri: '', content_text: ' described pose ' } });
    expect(swapped.status).toBe(200);
    expect(swapped.body.item).toMatchObject({ label: 'pose', content_uri: '', content_text: 'described pose', metadata_json: { a: 1 } });
    const row = await t.server.store.db.selectFrom('reference_set_items').select('content_uri').where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(row.content_uri).toBeNull();

    const more = await t.api('PUT', path, { body: { label: ' Pose 2 ', sort_order: 7, metadata_json: { b: [2] } } });
    expect(more.body.item).toMatchObject({ label: 'Pose 2', sort_order: 7, metadata_json: { b: [2] }, content_text: 'described pose' });
    expect((await t.api('GET', path)).body.item).toEqual(more.body.item);
  });

  it('deletes an item', async () => {
    const set = await createSet('Items delete');
    const item = await createItem(set.id, { label: 'bye', content_text: 'x' });
    const keep = await createItem(set.id, { label: 'stay', content_text: 'x' });
    expectError(await t.api('DELETE', `/api/projects/nope/reference-sets/${set.id}/items/${item.id}`), 404, ITEM_NOT_FOUND);
    const res = await t.api('DELETE', `${BASE}/${set.id}/items/${item.id}`);
    expect(res.body).toEqual({ ok: true, deleted: true, id: item.id });
    expectError(await t.api('DELETE', `${BASE}/${set.id}/items/${item.id}`), 404, ITEM_NOT_FOUND);
    const list = await t.api('GET', `${BASE}/${set.id}/items`);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([keep.id]);
  });
});

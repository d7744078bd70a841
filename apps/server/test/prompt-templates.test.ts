import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TApiResponse, type TTestServer } from './support/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const BASE = '/api/projects/pt_test/prompt-templates';

let t: TTestServer;
let projectId: string;
beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'PT Test')).id;
  await createProject(t, 'PT Other');
});
afterAll(async () => {
  await t.close();
});

function expectError(res: TApiResponse, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ ok: false, error });
}

async function create(name: string, templateText = 'A {subject} at dawn') {
  const res = await t.api('POST', BASE, { body: { name, template_text: templateText } });
  expect(res.status).toBe(200);
  return res.body.prompt_template as { id: string; name: string; template_text: string; created_at: string; updated_at: string };
}

describe('POST prompt-templates', () => {
  it('creates a template with trimmed texts', async () => {
    const res = await t.api('POST', BASE, { body: { name: '  Cover  ', template_text: '  Hero on a {place}  ' } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['ok', 'prompt_template']);
    const template = res.body.prompt_template;
    expect(template).toEqual({
      id: expect.stringMatching(UUID),
      project_id: projectId,
      name: 'Cover',
      template_text: 'Hero on a {place}',
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: template.created_at,
    });
    const stored = await t.server.store.db.selectFrom('prompt_templates').selectAll().where('id', '=', template.id).executeTakeFirst();
    expect(stored?.name).toBe('Cover');
  });

  it('validates the body before looking up the project', async () => {
    expectError(await t.api('POST', '/api/projects/nope/prompt-templates', { body: {} }), 400, "Field 'name' is required");
    expectError(await t.api('POST', BASE, { body: { name: '   ', template_text: 'x' } }), 400, "Field 'name' is required");
    expectError(await t.api('POST', BASE, { body: { name: null, template_text: 'x' } }), 400, "Field 'name' is required");
    expectError(await t.api('POST', '/api/projects/nope/prompt-templates', { body: { name: 'X' } }), 400, "Field 'template_text' is required");
    expectError(await t.api('POST', BASE, { body: { name: 'X', template_text: ' \n ' } }), 400, "Field 'template_text' is required");
    expectError(
      await t.api('POST', '/api/projects/nope/prompt-templates', { body: { name: 'X', template_text: 'y' } }),
      404,
      'Project not found',
    );
  });

  it('rejects a duplicate name (after trimming), case-sensitively', async () => {
    await create('Dup');
    expectError(await t.api('POST', BASE, { body: { name: ' Dup ', template_text: 'other' } }), 400, 'Prompt template name already exists');
    expect((await t.api('POST', BASE, { body: { name: 'dup', template_text: 'other' } })).status).toBe(200);
    const other = await t.api('POST', '/api/projects/pt_other/prompt-templates', { body: { name: 'Dup', template_text: 'x' } });
    expect(other.status).toBe(200);
  });

  it('answers 422 for a wrong JSON type', async () => {
    const res = await t.api('POST', BASE, { body: { name: 5, template_text: 'x' } });
    expect(res.status).toBe(422);
  });
});

describe('GET prompt-templates', () => {
  it('lists by updated_at DESC, then id DESC', async () => {
    const list = await t.api('GET', '/api/projects/pt_other/prompt-templates');
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(1);
    const db = t.server.store.db;
    const rows = [
      { id: '00000000-0000-4000-8000-00000000000a', stamp: '2026-01-01T00:00:00Z' },
      { id: '00000000-0000-4000-8000-00000000000b', stamp: '2026-01-01T00:00:00Z' },
      { id: '00000000-0000-4000-8000-00000000000c', stamp: '2026-02-01T00:00:00Z' },
    ];
    const other = await db.selectFrom('projects').select('id').where('slug', '=', 'pt_other').executeTakeFirstOrThrow();
    await db.deleteFrom('prompt_templates').where('project_id', '=', other.id).execute();
    await db
      .insertInto('prompt_templates')
      .values(rows.map(({ id, stamp }, i) => ({ id, project_id: other.id, name: `T${i}`, template_text: 'x', created_at: stamp, updated_at: stamp })))
      .execute();
    const res = await t.api('GET', '/api/projects/pt_other/prompt-templates');
    expect(res.body.count).toBe(3);
    expect(res.body.prompt_templates.map((p: { id: string }) => p.id)).toEqual([rows[2]?.id, rows[1]?.id, rows[0]?.id]);
  });

  it('answers Project not found for an unknown project', async () => {
    expectError(await t.api('GET', '/api/projects/nope/prompt-templates'), 404, 'Project not found');
  });

  it('reads one template; the entity message covers a missing project too', async () => {
    const made = await create('Readable');
    const res = await t.api('GET', `${BASE}/${made.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, prompt_template: made });
    expectError(await t.api('GET', `${BASE}/unknown`), 404, 'Prompt template not found');
    expectError(await t.api('GET', `/api/projects/nope/prompt-templates/${made.id}`), 404, 'Prompt template not found');
    expectError(await t.api('GET', `/api/projects/pt_other/prompt-templates/${made.id}`), 404, 'Prompt template not found');
  });
});

describe('PUT prompt-templates/{id}', () => {
  it('needs one field first, then the project and the template', async () => {
    const made = await create('Updatable');
    const message = 'Provide at least one of: name, template_text';
    expectError(await t.api('PUT', '/api/projects/nope/prompt-templates/x', { body: {} }), 400, message);
    expectError(await t.api('PUT', `${BASE}/${made.id}`, { body: { name: null, other: 'x' } }), 400, message);
    expectError(await t.api('PUT', `/api/projects/nope/prompt-templates/${made.id}`, { body: { name: '' } }), 404, 'Prompt template not found');
    expectError(await t.api('PUT', `${BASE}/unknown`, { body: { name: '' } }), 404, 'Prompt template not found');
    expectError(await t.api('PUT', `${BASE}/${made.id}`, { body: { name: '  ' } }), 400, "Field 'name' is required");
    expectError(await t.api('PUT', `${BASE}/${made.id}`, { body: { template_text: '' } }), 400, "Field 'template_text' is required");
  });

  it('changes only the given fields and keeps created_at', async () => {
    const made = await create('Partial', 'original text');
    await t.server.store.db.updateTable('prompt_templates').set({ created_at: '2020-01-01T00:00:00Z', updated_at: '2020-01-01T00:00:00Z' }).where('id', '=', made.id).execute();
    const res = await t.api('PUT', `${BASE}/${made.id}`, { body: { template_text: '  new text  ' } });
    expect(res.status).toBe(200);
    expect(res.body.prompt_template).toMatchObject({ id: made.id, name: 'Partial', template_text: 'new text', created_at: '2020-01-01T00:00:00Z' });
    expect(res.body.prompt_template.updated_at > '2020-01-01T00:00:00Z').toBe(true);
    const renamed = await t.api('PUT', `${BASE}/${made.id}`, { body: { name: 'Partial Renamed' } });
    expect(renamed.body.prompt_template).toMatchObject({ name: 'Partial Renamed', template_text: 'new text' });
    expect((await t.api('GET', `${BASE}/${made.id}`)).body.prompt_template.name).toBe('Partial Renamed');
  });

  it('refuses a name taken by another template but accepts its own', async () => {
    await create('Taken');
    const mine = await create('Mine');
    expectError(await t.api('PUT', `${BASE}/${mine.id}`, { body: { name: 'Taken' } }), 400, 'Prompt template name already exists');
    expect((await t.api('GET', `${BASE}/${mine.id}`)).body.prompt_template.name).toBe('Mine');
    expect((await t.api('PUT', `${BASE}/${mine.id}`, { body: { name: 'Mine' } })).status).toBe(200);
    expect((await t.api('PUT', `${BASE}/${mine.id}`, { body: { name: 'taken' } })).status).toBe(200);
  });
});

describe('DELETE prompt-templates/{id}', () => {
  it('deletes and answers the id', async () => {
    const made = await create('Doomed');
    expectError(await t.api('DELETE', `/api/projects/nope/prompt-templates/${made.id}`), 404, 'Prompt template not found');
    const res = await t.api('DELETE', `${BASE}/${made.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, deleted: true, id: made.id });
    expectError(await t.api('GET', `${BASE}/${made.id}`), 404, 'Prompt template not found');
    expectError(await t.api('DELETE', `${BASE}/${made.id}`), 404, 'Prompt template not found');
    expect((await t.api('POST', BASE, { body: { name: 'Doomed', template_text: 'again' } })).status).toBe(200);
  });
});

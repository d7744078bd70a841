import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KromaDatabase } from '@kroma/db';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
let projectId: string;
const SECRET_VALUE = 'sk-live-never-shown-0123456789';
const BASE = '/api/projects/alpha_project';

const SEED = {
  provider_accounts: [{ provider_code: 'OpenAI', display_name: 'OpenAI Main', config_json: { model: 'gpt-image-1' } }],
  style_guides: [{ name: 'Core Style', instructions: 'Flat colors', notes: 'no gradients' }],
  characters: [{ name: 'Hero', description: 'tall', prompt_text: 'a tall hero' }],
  reference_sets: [{ name: 'Hero Faces', items: [{ label: 'front', content_uri: 'f.png', metadata_json: { a: 1 } }] }],
  prompt_templates: [{ name: 'Cover Prompt', template_text: 'Cover of {{issue}}' }],
};

beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'Alpha Project')).id;
  const seeded = await t.api('POST', `${BASE}/bootstrap-import`, { body: { settings: SEED } });
  expect(seeded.status).toBe(200);
  const now = '2026-01-01T00:00:00Z';
  await t.server.store.db
    .insertInto('project_secrets')
    .values({
      project_id: projectId,
      provider_code: 'openai',
      secret_name: 'api_key',
      secret_value: SECRET_VALUE,
      created_at: now,
      updated_at: now,
    })
    .execute();
});
afterAll(async () => {
  await t.close();
});

const exportNow = async () => (await t.api('GET', `${BASE}/bootstrap-prompt`)).body.bootstrap;
const importBody = (body: unknown) => t.api('POST', `${BASE}/bootstrap-import`, { body });

/** Every row of the tables an import touches, for before/after comparisons. */
async function dumpTables() {
  const tables =
    'projects provider_accounts style_guides characters reference_sets reference_set_items project_secrets';
  const dump: Record<string, string[]> = {};
  for (const table of `${tables} prompt_templates audit_events`.split(' ') as (keyof KromaDatabase)[]) {
    const rows = await t.server.store.db.selectFrom(table).selectAll().execute();
    dump[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return dump;
}

describe('GET bootstrap-prompt', () => {
  it('exports the settings, the answer template and the prompt', async () => {
    const res = await t.api('GET', '/api/projects/Alpha%20Project/bootstrap-prompt');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    const { bootstrap } = res.body;
    const keys = 'expected_response,generated_at,project,prompt,schema_version,settings';
    expect(Object.keys(bootstrap).sort().join()).toBe(keys);
    expect(bootstrap.schema_version).toBe('kroma.bootstrap.v1');
    expect(bootstrap.project).toEqual({ id: projectId, slug: 'alpha_project', name: 'Alpha Project', description: '' });
    expect(bootstrap.prompt).toContain('Return ONLY valid JSON');
    expect(bootstrap.expected_response.settings.secrets).toEqual([{ provider_code: 'openai', secret_name: 'api_key' }]);
    expect(bootstrap.settings.provider_accounts[0]).toMatchObject({
      provider_code: 'openai',
      display_name: 'OpenAI Main',
      enabled: true,
    });
    // Sets and items carry no ids.
    const item = { label: 'front', content_uri: 'f.png', content_text: '', sort_order: 0, metadata_json: { a: 1 } };
    expect(bootstrap.settings.reference_sets).toEqual([{ name: 'Hero Faces', description: '', items: [item] }]);
  });

  it('never carries a secret value, only has_value', async () => {
    const res = await t.api('GET', `${BASE}/bootstrap-prompt`);
    expect(res.body.bootstrap.settings.secrets).toEqual([
      { provider_code: 'openai', secret_name: 'api_key', has_value: true },
    ]);
    expect(res.text).not.toContain(SECRET_VALUE);
  });

  it('answers 404 for an unknown project', async () => {
    const res = await t.api('GET', '/api/projects/nope/bootstrap-prompt');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ ok: false, error: 'Project not found' });
  });
});

describe('POST bootstrap-import: validation', () => {
  it('answers 400 for {} before the 404, then 404 for a valid payload', async () => {
    const empty = await t.api('POST', '/api/projects/nope/bootstrap-import', { body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ ok: false, error: "Provide either 'settings' or 'ai_response_text'" });
    const missing = await t.api('POST', '/api/projects/nope/bootstrap-import', {
      body: { settings: { characters: [] } },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: 'Project not found' });
  });

  it.each([
    [{ mode: 'upsert', settings: { characters: [] } }, "Field 'mode' must be one of: merge, replace"],
    [{ ai_response_text: '   ' }, "Field 'ai_response_text' must not be empty"],
    [{ ai_response_text: 'I cannot help with that.' }, "Could not parse JSON from 'ai_response_text'"],
    [{ ai_response_text: '"just a string"' }, "Could not parse bootstrap JSON from 'ai_response_text'"],
    [{ settings: {} }, 'Import payload does not include any settings'],
    [{ settings: { project: { name: ' ' } } }, "Field 'project.name' is required"],
    [{ settings: { provider_accounts: [{ provider_code: '!!' }] } }, "Field 'provider_code' is required"],
    [
      { settings: { reference_sets: [{ name: 'Faces' }] } },
      "Field 'reference_sets[].items' is required (use [] to provide an empty set)",
    ],
    [
      { settings: { reference_sets: [{ name: 'Faces', items: [{ label: 'x' }] }] } },
      "Field 'reference_sets[].items[]' requires at least one of: content_uri, content_text",
    ],
    [{ settings: { secrets: [{ provider_code: 'openai' }] } }, "Field 'secrets[].secret_name' is required"],
    [
      { settings: { prompt_templates: [{ name: 'x', template_text: '' }] } },
      "Field 'prompt_templates[].template_text' is required",
    ],
  ])('%j → 400 %s', async (body, error) => {
    for (const slug of ['alpha_project', 'nope']) {
      const res = await t.api('POST', `/api/projects/${slug}/bootstrap-import`, { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error });
    }
  });

  it('leaves wrong JSON types to the framework (422)', async () => {
    for (const body of [{ dry_run: 'yes' }, { settings: [] }, { settings: { characters: 'Hero' } }, { mode: 1 }]) {
      expect((await importBody(body)).status).toBe(422);
    }
  });
});

describe('POST bootstrap-import: effects', () => {
  it('dry run writes nothing and returns the changes and the preview', async () => {
    const before = await dumpTables();
    const res = await importBody({
      dry_run: true,
      mode: 'replace',
      settings: { characters: [{ name: 'Villain' }], secrets: [{ provider_code: 'openai', secret_name: 'org' }] },
    });
    expect(res.status).toBe(200);
    expect(await dumpTables()).toEqual(before);
    const result = res.body.bootstrap_import;
    expect(res.body.audit_id).toBeUndefined();
    expect(result).toMatchObject({
      schema_version: 'kroma.bootstrap.v1',
      mode: 'replace',
      dry_run: true,
      project_updated: false,
    });
    expect(result.settings.characters).toEqual([
      expect.objectContaining({ name: 'Villain', id: expect.stringMatching(/^preview_character_/) }),
    ]);
    expect(result.changes.characters).toMatchObject({ provided: true, replaced: true, created: 1, deleted: 1 });
    expect(result.changes.secrets).toMatchObject({ replaced: false, created: 1, unchanged: 1 });
  });

  it('imports a fenced LLM answer; the request mode wins over the wrapper', async () => {
    const exported = await exportNow();
    const answer = `\`\`\`json\n${JSON.stringify({
      mode: 'replace',
      settings: { style_guides: [{ name: 'Ink', instructions: 'Thin lines' }] },
    })}\n\`\`\``;
    const res = await importBody({ mode: 'merge', ai_response_text: answer });
    expect(res.status).toBe(200);
    const result = res.body.bootstrap_import;
    expect(result.mode).toBe('merge');
    expect(result.settings.style_guides.map((g: { name: string }) => g.name).sort()).toEqual(['Core Style', 'Ink']);
    expect(result.settings.characters).toEqual(exported.settings.characters);
    expect((await exportNow()).settings.style_guides).toHaveLength(2);
  });

  it('reports the original diff examples for a replace', async () => {
    const res = await importBody({
      mode: 'replace',
      settings: {
        provider_accounts: [
          { provider_code: 'openai', display_name: 'OpenAI Renamed', config_json: { model: 'gpt-image-1' } },
        ],
        reference_sets: [{ name: 'Villain Faces', items: [] }],
        secrets: [{ provider_code: 'openai', secret_name: 'secondary_key', secret_value: 'ignored' }],
      },
    });
    expect(res.status).toBe(200);
    const { changes, settings, applied } = res.body.bootstrap_import;
    expect(changes.provider_accounts).toMatchObject({ replaced: true, updated: 1, deleted: 0, created: 0 });
    expect(changes.reference_sets).toMatchObject({ replaced: true, created: 1, deleted: 1 });
    expect(changes.secrets).toMatchObject({ provided: true, replaced: false, created: 1, deleted: 0 });
    const counts = { provider_accounts: 1, style_guides: 0, characters: 0, reference_sets: 1, secrets: 1 };
    expect(applied).toEqual({ ...counts, prompt_templates: 0 });
    expect(settings.secrets).toEqual([
      { provider_code: 'openai', secret_name: 'api_key', has_value: true },
      { provider_code: 'openai', secret_name: 'secondary_key', has_value: false },
    ]);
    const secretRows = await t.server.store.db
      .selectFrom('project_secrets')
      .select(['secret_name', 'secret_value'])
      .orderBy('secret_name')
      .execute();
    expect(secretRows).toEqual([
      { secret_name: 'api_key', secret_value: SECRET_VALUE },
      { secret_name: 'secondary_key', secret_value: '' },
    ]);
  });

  it('updates "Hero" when "hero" is imported (api.md §5 item 18), in the dry-run diff as in the real run', async () => {
    const body = { settings: { characters: [{ name: 'hero', description: 'lower-case now' }] } };
    const heroBefore = (await exportNow()).settings.characters.find((c: { name: string }) => c.name.toLowerCase() === 'hero');
    const preview = (await importBody({ ...body, dry_run: true })).body.bootstrap_import;
    const real = (await importBody(body)).body.bootstrap_import;
    for (const result of [preview, real]) {
      expect(result.changes.characters).toMatchObject({ created: 0, updated: 1, deleted: 0, after_count: result.changes.characters.before_count });
      const heroes = result.settings.characters.filter((c: { name: string }) => c.name.toLowerCase() === 'hero');
      expect(heroes).toEqual([expect.objectContaining({ id: heroBefore.id, name: 'hero', description: 'lower-case now' })]);
    }
    const rows = await t.server.store.db.selectFrom('characters').select('name').where('project_id', '=', projectId).execute();
    expect(rows.filter((row) => row.name.toLowerCase() === 'hero')).toEqual([{ name: 'hero' }]);
  });

  it('leaves nothing half-written when a late write fails (500)', async () => {
    const requireFromDb = createRequire(new URL('../../../packages/db/package.json', import.meta.url));
    const Database = requireFromDb('better-sqlite3');
    const exec = (statement: string) => {
      const connection = new Database(t.server.store.path);
      connection.exec(statement);
      connection.close();
    };
    exec(`CREATE TRIGGER fail_template BEFORE INSERT ON prompt_templates WHEN NEW.name = 'Explode'
          BEGIN SELECT RAISE(ABORT, 'simulated late failure'); END;`);
    const before = await dumpTables();
    const res = await importBody({
      mode: 'replace',
      settings: {
        project: { name: 'Renamed' },
        style_guides: [],
        characters: [{ name: 'Villain' }],
        prompt_templates: [{ name: 'Explode', template_text: 'x' }],
      },
    });
    exec('DROP TRIGGER fail_template');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ ok: false, error: 'Internal server error' });
    expect(await dumpTables()).toEqual(before);
  });
});

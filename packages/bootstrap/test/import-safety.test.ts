import { TIMESTAMP_PATTERN, ZBootstrapImportResultSchema, type TBootstrapImportBody } from '@kroma/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBootstrap } from '../src/index.js';
import {
  createProject,
  dumpTables,
  execOnSecondConnection,
  FAIL_ON_TEMPLATE_NAMED_EXPLODE,
  openTestStore,
  rowsOf,
  type TTestStore,
} from './support.js';

let t: TTestStore;
let project: { id: string; slug: string };
const OLD = '2001-01-01T00:00:00Z';

beforeAll(async () => {
  t = await openTestStore();
  project = await createProject(t.store, 'Safe Project', 'first');
  await importBootstrap(t.store, project.slug, {
    settings: {
      provider_accounts: [{ provider_code: 'openai' }],
      style_guides: [{ name: 'Ink', instructions: 'Bold' }],
      characters: [{ name: 'Hero' }],
      reference_sets: [{ name: 'Faces', items: [{ label: 'front', content_uri: 'f.png' }] }],
      secrets: [{ provider_code: 'openai', secret_name: 'api_key' }],
      prompt_templates: [{ name: 'Cover', template_text: 'text' }],
    },
  });
});
afterAll(async () => {
  await t.close();
});

const run = (slug: string, body: TBootstrapImportBody) => importBootstrap(t.store, slug, body);
const rejection = (slug: string, body: TBootstrapImportBody) =>
  run(slug, body).then(
    () => ({ status: 200, message: '' }),
    (error: { status: number; message: string }) => ({ status: error.status, message: error.message }),
  );

describe('validation before the project lookup', () => {
  it.each<[string, TBootstrapImportBody, string]>([
    ['{}', {}, "Provide either 'settings' or 'ai_response_text'"],
    ['blank text', { ai_response_text: ' ' }, "Field 'ai_response_text' must not be empty"],
    ['bad text', { ai_response_text: 'hello' }, "Could not parse JSON from 'ai_response_text'"],
    ['non-object JSON', { ai_response_text: '[]' }, "Could not parse bootstrap JSON from 'ai_response_text'"],
    ['bad mode', { mode: 'upsert', settings: { characters: [] } }, "Field 'mode' must be one of: merge, replace"],
    ['blank mode', { mode: '', settings: { characters: [] } }, "Field 'mode' must be one of: merge, replace"],
    ['section error', { settings: { characters: [{ name: ' ' }] } }, "Field 'characters[].name' is required"],
    ['empty settings', { settings: {} }, 'Import payload does not include any settings'],
  ])('%s → 400 even for an unknown project', async (_label, body, message) => {
    expect(await rejection('no_such_project', body)).toEqual({ status: 400, message });
    expect(await rejection(project.slug, body)).toEqual({ status: 400, message });
  });

  it('checks the source, then the mode, then the sections', async () => {
    expect(await rejection('x', { mode: 'bad' })).toMatchObject({
      message: "Provide either 'settings' or 'ai_response_text'",
    });
    expect(await rejection('x', { mode: 'bad', settings: {} })).toMatchObject({
      message: "Field 'mode' must be one of: merge, replace",
    });
    const wrapperWithBadMode = JSON.stringify({ mode: 'bad', settings: { characters: [{}] } });
    expect(await rejection('x', { ai_response_text: wrapperWithBadMode })).toMatchObject({
      message: "Field 'mode' must be one of: merge, replace",
    });
  });

  it('answers 404 Project not found once the payload is valid', async () => {
    expect(await rejection('no_such_project', { settings: { project: {} } })).toEqual({
      status: 404,
      message: 'Project not found',
    });
    expect(await rejection('no_such_project', { dry_run: true, settings: { characters: [] } })).toEqual({
      status: 404,
      message: 'Project not found',
    });
  });
});

describe('ai_response_text', () => {
  it('accepts a fenced wrapper; the request mode overrides the wrapper mode', async () => {
    const answer = 'Here you go:\n```json\n{"mode":"replace","settings":{"characters":[{"name":"Sidekick"}]}}\n```';
    const fenced = '```json\n{"mode":"replace","settings":{"characters":[{"name":"Sidekick"}]}}\n```';
    const wrapperMode = await run(project.slug, { dry_run: true, ai_response_text: fenced });
    expect(wrapperMode.mode).toBe('replace');
    expect(wrapperMode.settings.characters.map((c) => c.name)).toEqual(['Sidekick']);
    const overridden = await run(project.slug, { dry_run: true, mode: 'merge', ai_response_text: answer });
    expect(overridden.mode).toBe('merge');
    expect(overridden.settings.characters.map((c) => c.name).sort()).toEqual(['Hero', 'Sidekick']);
  });
});

describe('dry run', () => {
  it('writes nothing but returns the changes and a preview', async () => {
    const before = await dumpTables(t.store);
    const body: TBootstrapImportBody = {
      dry_run: true,
      mode: 'replace',
      settings: {
        project: { name: 'Renamed' },
        style_guides: [
          { name: 'Ink', instructions: 'Thin' },
          { name: 'Pastel', instructions: 'Soft' },
        ],
        characters: [{ name: 'hero', prompt_text: 'p' }],
        prompt_templates: [{ name: 'Back', template_text: 'b' }],
        secrets: [{ provider_code: 'openai', secret_name: 'org' }],
      },
    };
    const result = await run(project.slug, body);
    expect(await dumpTables(t.store)).toEqual(before);
    expect(ZBootstrapImportResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({
      dry_run: true,
      mode: 'replace',
      project_updated: true,
      project: { id: project.id, name: 'Renamed', description: 'first' },
    });
    expect(result.changes.project).toEqual({
      provided: true,
      updated: true,
      name_changed: true,
      description_changed: false,
    });
    expect(result.changes.style_guides).toMatchObject({ before_count: 1, after_count: 2, created: 1, updated: 1 });
    // Replace wipes first: even the kept name gets a preview id; lists come ordered by lower-cased name.
    expect(result.settings.style_guides.map((g) => g.name)).toEqual(['Ink', 'Pastel']);
    for (const guide of result.settings.style_guides) {
      expect(guide.id).toMatch(/^preview_style_[0-9a-f-]{36}$/);
      expect(guide.updated_at).toMatch(TIMESTAMP_PATTERN);
      expect(guide.created_at).toBe(guide.updated_at);
    }
    expect(result.settings.characters[0]?.id).toMatch(/^preview_character_[0-9a-f-]{36}$/);
    expect(result.settings.prompt_templates[0]?.id).toMatch(/^preview_prompt_[0-9a-f-]{36}$/);
    expect(result.settings.secrets).toEqual([
      { provider_code: 'openai', secret_name: 'api_key', has_value: false },
      { provider_code: 'openai', secret_name: 'org', has_value: false },
    ]);
    expect(result.settings.provider_accounts).toHaveLength(1);
  });

  it('keeps existing ids and created_at in merge previews and counts `applied` like a real run', async () => {
    const [existing] = await rowsOf(t.store, 'style_guides', project.id);
    const body: TBootstrapImportBody = {
      settings: {
        style_guides: [
          { name: 'ink', instructions: 'first, dropped' },
          { name: 'Ink', instructions: 'Bolder' },
        ],
      },
    };
    const preview = await run(project.slug, { ...body, dry_run: true });
    expect(preview.settings.style_guides).toEqual([
      expect.objectContaining({
        id: existing?.id,
        created_at: existing?.created_at,
        name: 'Ink',
        instructions: 'Bolder',
      }),
    ]);
    expect(preview.applied.style_guides).toBe(1);
    expect(preview.changes.style_guides).toMatchObject({ updated: 1, unchanged: 0 });
    const real = await run(project.slug, body);
    expect(real.applied).toEqual(preview.applied);
    expect(real.changes.style_guides).toEqual(preview.changes.style_guides);
    expect(real.settings.style_guides).toEqual([expect.objectContaining({ id: existing?.id, instructions: 'Bolder' })]);
  });
});

describe('real run', () => {
  it("bumps the project's updated_at even when nothing changed, and writes no audit event", async () => {
    await t.store.db.updateTable('projects').set({ updated_at: OLD }).where('id', '=', project.id).execute();
    const audits = (await dumpTables(t.store)).audit_events;
    const result = await run(project.slug, { settings: { project: {} } });
    expect(result.project_updated).toBe(false);
    expect(result.changes.project).toEqual({
      provided: true,
      updated: false,
      name_changed: false,
      description_changed: false,
    });
    const row = await t.store.db
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', project.id)
      .executeTakeFirstOrThrow();
    expect(row.updated_at).not.toBe(OLD);
    expect(row.updated_at).toMatch(TIMESTAMP_PATTERN);
    expect((await dumpTables(t.store)).audit_events).toEqual(audits);
  });

  it('patches name and description (trimmed) and reports it', async () => {
    const result = await run(project.slug, { settings: { project: { description: '  second  ' } } });
    expect(result).toMatchObject({ project_updated: true, project: { name: 'Safe Project', description: 'second' } });
    expect(result.changes.project).toEqual({
      provided: true,
      updated: true,
      name_changed: false,
      description_changed: true,
    });
  });

  it('rolls everything back when a late write fails', async () => {
    execOnSecondConnection(t.store.path, FAIL_ON_TEMPLATE_NAMED_EXPLODE);
    const before = await dumpTables(t.store);
    const body: TBootstrapImportBody = {
      mode: 'replace',
      settings: {
        project: { name: 'Half Written' },
        provider_accounts: [{ provider_code: 'stability' }],
        style_guides: [],
        characters: [{ name: 'Villain' }],
        reference_sets: [{ name: 'New Set', items: [{ label: 'x', content_text: 'y' }] }],
        secrets: [{ provider_code: 'stability', secret_name: 'token' }],
        // Prompt templates are written last; the trigger aborts this insert.
        prompt_templates: [{ name: 'Explode', template_text: 'boom' }],
      },
    };
    await expect(run(project.slug, body)).rejects.toThrow('simulated late failure');
    expect(await dumpTables(t.store)).toEqual(before);
    execOnSecondConnection(t.store.path, 'DROP TRIGGER fail_prompt_template');
    const ok = await run(project.slug, {
      ...body,
      settings: { ...body.settings, prompt_templates: [{ name: 'Fine', template_text: 'ok' }] },
    });
    expect(ok.project.name).toBe('Half Written');
  });
});

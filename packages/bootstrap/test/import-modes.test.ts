import type { TBootstrapImportBody } from '@kroma/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBootstrap } from '../src/index.js';
import { openTestStore, rowsOf, seedProject, type TTestStore } from './support.js';

let t: TTestStore;
let counter = 0;
beforeAll(async () => {
  t = await openTestStore();
});
afterAll(async () => {
  await t.close();
});

/** A new project with one row per section (two reference sets, a secret with a value). */
const seededProject = () => seedProject(t.store, `Project ${(counter += 1)}`);
const run = (slug: string, body: TBootstrapImportBody) => importBootstrap(t.store, slug, body);

describe('merge', () => {
  it('upserts provided sections, clears omitted optionals, keeps ids, leaves absent sections alone', async () => {
    const project = await seededProject();
    const [guideBefore] = await rowsOf(t.store, 'style_guides', project.id);
    const result = await run(project.slug, {
      settings: {
        style_guides: [
          { name: 'Ink', instructions: 'Thin lines' },
          { name: 'Pastel', instructions: 'Soft' },
        ],
        provider_accounts: [{ provider_code: 'OpenAI', display_name: 'Main' }],
      },
    });
    expect(result.mode).toBe('merge');
    expect(result.dry_run).toBe(false);
    expect(result.applied).toEqual({
      provider_accounts: 1,
      style_guides: 2,
      characters: 0,
      reference_sets: 0,
      secrets: 0,
      prompt_templates: 0,
    });

    const guides = await rowsOf(t.store, 'style_guides', project.id);
    expect(guides).toHaveLength(2);
    const ink = guides.find((g) => g.name === 'Ink');
    expect(ink).toMatchObject({
      id: guideBefore?.id,
      created_at: guideBefore?.created_at,
      instructions: 'Thin lines',
      notes: null,
    });
    // A full overwrite of the account: base_url was omitted, so it is cleared.
    expect(await rowsOf(t.store, 'provider_accounts', project.id)).toEqual([
      expect.objectContaining({
        provider_code: 'openai',
        display_name: 'Main',
        base_url: null,
        enabled: 1,
        config_json: '{}',
      }),
    ]);
    expect(await rowsOf(t.store, 'characters', project.id)).toHaveLength(1);
    expect(await rowsOf(t.store, 'reference_sets', project.id)).toHaveLength(2);
    expect(await rowsOf(t.store, 'prompt_templates', project.id)).toHaveLength(1);

    expect(result.changes.style_guides).toEqual({
      provided: true,
      replaced: false,
      before_count: 1,
      after_count: 2,
      created: 1,
      updated: 1,
      deleted: 0,
      unchanged: 0,
    });
    expect(result.changes.characters).toEqual({
      provided: false,
      replaced: false,
      before_count: 1,
      after_count: 1,
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: 1,
    });
    expect(result.settings.style_guides.map((g) => g.name).sort()).toEqual(['Ink', 'Pastel']);
  });

  it("treats each provided set's items as authoritative; other sets keep theirs", async () => {
    const project = await seededProject();
    const result = await run(project.slug, {
      settings: {
        reference_sets: [
          { name: 'Faces', description: 'new', items: [{ label: 'back', content_text: 'from behind' }] },
        ],
      },
    });
    const faces = result.settings.reference_sets.find((s) => s.name === 'Faces');
    expect(faces).toEqual({
      name: 'Faces',
      description: 'new',
      items: [{ label: 'back', content_uri: '', content_text: 'from behind', sort_order: 0, metadata_json: {} }],
    });
    expect(result.settings.reference_sets.find((s) => s.name === 'Places')?.items).toHaveLength(1);
    expect(await rowsOf(t.store, 'reference_set_items', project.id)).toHaveLength(2);
    expect(result.changes.reference_sets).toMatchObject({
      before_count: 2,
      after_count: 2,
      updated: 1,
      unchanged: 1,
      created: 0,
      deleted: 0,
    });

    const emptied = await run(project.slug, { settings: { reference_sets: [{ name: 'Faces', items: [] }] } });
    expect(emptied.settings.reference_sets.find((s) => s.name === 'Faces')?.items).toEqual([]);
    expect(await rowsOf(t.store, 'reference_set_items', project.id)).toHaveLength(1);
  });

  it('upserts by case-insensitive name: "hero" next to an existing "Hero" updates it (api.md §5 item 18)', async () => {
    const project = await seededProject();
    const [hero] = await rowsOf(t.store, 'characters', project.id);
    const preview = await run(project.slug, { dry_run: true, settings: { characters: [{ name: 'hero', description: 'lower-case' }] } });
    const result = await run(project.slug, { settings: { characters: [{ name: 'hero', description: 'lower-case' }] } });
    const rows = await rowsOf(t.store, 'characters', project.id);
    expect(rows.map((c) => [c.id, c.name, c.description, c.created_at])).toEqual([[hero?.id, 'hero', 'lower-case', hero?.created_at]]);
    for (const answer of [preview, result]) {
      expect(answer.changes.characters).toMatchObject({ before_count: 1, after_count: 1, created: 0, updated: 1, deleted: 0 });
      expect(answer.settings.characters.map((c) => [c.id, c.name])).toEqual([[hero?.id, 'hero']]);
    }
    // The same rule for every named section, reference sets keeping their id while their items are replaced.
    const [faces] = (await rowsOf(t.store, 'reference_sets', project.id)).filter((set) => set.name === 'Faces');
    await run(project.slug, {
      settings: {
        style_guides: [{ name: 'INK', instructions: 'thin' }],
        reference_sets: [{ name: 'faces', items: [{ label: 'only', content_text: 'one' }] }],
        prompt_templates: [{ name: 'cover', template_text: 'new cover' }],
      },
    });
    expect((await rowsOf(t.store, 'style_guides', project.id)).map((g) => [g.name, g.instructions])).toEqual([['INK', 'thin']]);
    const sets = await rowsOf(t.store, 'reference_sets', project.id);
    expect(sets.map((set) => set.name).sort()).toEqual(['Places', 'faces']);
    expect(sets.find((set) => set.name === 'faces')?.id).toBe(faces?.id);
    const items = (await rowsOf(t.store, 'reference_set_items', project.id)).filter((item) => item.reference_set_id === faces?.id);
    expect(items.map((item) => item.label)).toEqual(['only']);
    expect((await rowsOf(t.store, 'prompt_templates', project.id)).map((p) => [p.name, p.template_text])).toEqual([['cover', 'new cover']]);
  });

  it('a database with both spellings from before the fix: the exact spelling is the one updated', async () => {
    const project = await seededProject();
    const now = '2026-01-02T00:00:00Z';
    await t.store.db.insertInto('characters').values({ id: 'lower-hero', project_id: project.id, name: 'hero', description: 'old', prompt_text: null, created_at: now, updated_at: now }).execute();
    await run(project.slug, { settings: { characters: [{ name: 'hero', description: 'updated' }] } });
    const rows = (await rowsOf(t.store, 'characters', project.id)).map((c) => [c.id === 'lower-hero', c.name, c.description]);
    expect(rows.sort()).toEqual([[false, 'Hero', 'tall'], [true, 'hero', 'updated']]);
  });

  it('collapses two spellings inside one payload (last wins) before anything is written', async () => {
    const project = await seededProject();
    await run(project.slug, {
      settings: {
        prompt_templates: [
          { name: 'Back', template_text: '1' },
          { name: 'BACK', template_text: '2' },
        ],
      },
    });
    const templates = (await rowsOf(t.store, 'prompt_templates', project.id)).map((p) => [p.name, p.template_text]);
    expect(templates.sort()).toEqual([
      ['BACK', '2'],
      ['Cover', 'cover text'],
    ]);
  });
});

describe('replace', () => {
  it('wipes only the provided sections; [] empties a section', async () => {
    const project = await seededProject();
    const result = await run(project.slug, {
      mode: 'REPLACE',
      settings: { style_guides: [], characters: [{ name: 'Villain' }], reference_sets: [{ name: 'Faces', items: [] }] },
    });
    expect(result.mode).toBe('replace');
    expect(await rowsOf(t.store, 'style_guides', project.id)).toEqual([]);
    expect((await rowsOf(t.store, 'characters', project.id)).map((c) => c.name)).toEqual(['Villain']);
    expect((await rowsOf(t.store, 'reference_sets', project.id)).map((s) => s.name)).toEqual(['Faces']);
    expect(await rowsOf(t.store, 'reference_set_items', project.id)).toEqual([]);
    expect(await rowsOf(t.store, 'provider_accounts', project.id)).toHaveLength(1);
    expect(await rowsOf(t.store, 'prompt_templates', project.id)).toHaveLength(1);
    expect(result.changes.style_guides).toEqual({
      provided: true,
      replaced: true,
      before_count: 1,
      after_count: 0,
      created: 0,
      updated: 0,
      deleted: 1,
      unchanged: 0,
    });
    expect(result.changes.characters).toMatchObject({ replaced: true, created: 1, deleted: 1 });
    expect(result.changes.prompt_templates).toMatchObject({ provided: false, replaced: false, unchanged: 1 });
  });

  it('gives replaced rows new ids even when the name stays', async () => {
    const project = await seededProject();
    const [before] = await rowsOf(t.store, 'prompt_templates', project.id);
    await run(project.slug, {
      mode: 'replace',
      settings: { prompt_templates: [{ name: 'Cover', template_text: 'cover text' }] },
    });
    const [after] = await rowsOf(t.store, 'prompt_templates', project.id);
    expect(after?.name).toBe('Cover');
    expect(after?.id).not.toBe(before?.id);
  });
});

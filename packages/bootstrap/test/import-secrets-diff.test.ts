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

describe('secrets', () => {
  it('inserts missing ones with an empty value and never overwrites, deletes or replaces', async () => {
    const project = await seededProject();
    const result = await run(project.slug, {
      mode: 'replace',
      ai_response_text: JSON.stringify({
        settings: {
          secrets: [
            { provider_code: 'openai', secret_name: 'api_key', secret_value: 'sk-new' },
            { provider_code: 'Stability', secret_name: 'token', secret_value: 'x' },
          ],
        },
      }),
    });
    const rows = await rowsOf(t.store, 'project_secrets', project.id);
    expect(rows.map((r) => [r.provider_code, r.secret_name, r.secret_value, r.key_ref]).sort()).toEqual([
      ['openai', 'api_key', 'enc:v1:stored', 'local-master'],
      ['stability', 'token', '', 'test-key'],
    ]);
    expect(result.settings.secrets).toEqual([
      { provider_code: 'openai', secret_name: 'api_key', has_value: true },
      { provider_code: 'stability', secret_name: 'token', has_value: false },
    ]);
    expect(result.changes.secrets).toEqual({
      provided: true,
      replaced: false,
      before_count: 1,
      after_count: 2,
      created: 1,
      updated: 0,
      deleted: 0,
      unchanged: 1,
    });

    const emptyReplace = await run(project.slug, { mode: 'replace', settings: { secrets: [] } });
    expect(await rowsOf(t.store, 'project_secrets', project.id)).toHaveLength(2);
    expect(emptyReplace.changes.secrets).toMatchObject({ replaced: false, deleted: 0, unchanged: 2 });
  });

  it("bumps an existing secret's updated_at only", async () => {
    const project = await seededProject();
    await run(project.slug, { settings: { secrets: [{ provider_code: 'openai', secret_name: 'api_key' }] } });
    const [row] = await rowsOf(t.store, 'project_secrets', project.id);
    expect(row).toMatchObject({ secret_value: 'enc:v1:stored', created_at: '2026-01-01T00:00:00Z' });
    expect(row?.updated_at).not.toBe('2026-01-01T00:00:00Z');
  });
});

describe('diff examples of the original tests', () => {
  for (const dryRun of [true, false]) {
    it(`replace with a renamed display name, a renamed set and a new secret (dry_run ${dryRun})`, async () => {
      const project = await seededProject();
      const result = await run(project.slug, {
        mode: 'replace',
        dry_run: dryRun,
        settings: {
          provider_accounts: [
            { provider_code: 'openai', display_name: 'OpenAI Renamed', base_url: 'https://api.openai.com/v1' },
          ],
          reference_sets: [
            {
              name: 'Portraits',
              items: [
                { label: 'front', content_uri: 'f.png' },
                { label: 'side', content_uri: 's.png', sort_order: 1 },
              ],
            },
            { name: 'Places', description: 'cities', items: [{ label: 'street', content_text: 'rainy street' }] },
          ],
          secrets: [{ provider_code: 'openai', secret_name: 'org_id' }],
        },
      });
      expect(result.dry_run).toBe(dryRun);
      expect(result.changes.provider_accounts).toEqual({
        provided: true,
        replaced: true,
        before_count: 1,
        after_count: 1,
        created: 0,
        updated: 1,
        deleted: 0,
        unchanged: 0,
      });
      expect(result.changes.reference_sets).toEqual({
        provided: true,
        replaced: true,
        before_count: 2,
        after_count: 2,
        created: 1,
        updated: 0,
        deleted: 1,
        unchanged: 1,
      });
      expect(result.changes.secrets).toEqual({
        provided: true,
        replaced: false,
        before_count: 1,
        after_count: 2,
        created: 1,
        updated: 0,
        deleted: 0,
        unchanged: 1,
      });
    });
  }
});

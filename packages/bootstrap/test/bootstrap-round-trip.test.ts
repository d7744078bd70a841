import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBootstrapSettings } from '@kroma/contract';
import { exportBootstrapPrompt, importBootstrap } from '../src/index.js';
import { createProject, openTestStore, seedProject, type TTestStore } from './support.js';

let t: TTestStore;
beforeAll(async () => {
  t = await openTestStore();
});
afterAll(async () => {
  await t.close();
});

/**
 * The settings without what a copy cannot keep (ids, project ids, timestamps, a secret's value), each list sorted:
 * rows written in the same second list in id order, which is random.
 */
function portable(settings: TBootstrapSettings) {
  const strip = <T extends object>(rows: T[]) =>
    rows
      .map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !['id', 'project_id', 'created_at', 'updated_at'].includes(key))))
      .sort((left, right) => JSON.stringify(left).localeCompare(JSON.stringify(right)));
  return {
    provider_accounts: strip(settings.provider_accounts),
    style_guides: strip(settings.style_guides),
    characters: strip(settings.characters),
    reference_sets: strip(settings.reference_sets),
    secrets: settings.secrets.map(({ provider_code, secret_name }) => ({ provider_code, secret_name })),
    prompt_templates: strip(settings.prompt_templates),
  };
}

describe('bootstrap round trip', () => {
  it('export prompt → the answer an LLM would give → import into a fresh project → the same settings', async () => {
    await seedProject(t.store, 'Source Project');
    const exported = await exportBootstrapPrompt(t.store, 'source_project');
    const fresh = await createProject(t.store, 'Fresh Project');
    // An LLM asked to keep everything answers with the current settings, fenced, in the {mode, settings} wrapper.
    const answer = `\`\`\`json\n${JSON.stringify({ mode: 'replace', settings: exported.settings }, null, 2)}\n\`\`\``;
    const result = await importBootstrap(t.store, fresh.slug, { ai_response_text: answer });
    expect(result.mode).toBe('replace');
    expect(result.changes.characters).toMatchObject({ created: 1, deleted: 0 });
    const copied = await exportBootstrapPrompt(t.store, fresh.slug);
    expect(portable(copied.settings)).toEqual(portable(exported.settings));
    // A secret travels as a name only: the copy has it, without a value.
    expect(exported.settings.secrets).toEqual([{ provider_code: 'openai', secret_name: 'api_key', has_value: true }]);
    expect(copied.settings.secrets).toEqual([{ provider_code: 'openai', secret_name: 'api_key', has_value: false }]);

    // Importing the same answer again changes nothing.
    const again = await importBootstrap(t.store, fresh.slug, { ai_response_text: answer, mode: 'merge' });
    for (const section of ['provider_accounts', 'style_guides', 'characters', 'reference_sets', 'secrets', 'prompt_templates'] as const) {
      expect(again.changes[section], section).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    }
  });
});

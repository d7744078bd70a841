import { BOOTSTRAP_SCHEMA_VERSION, TIMESTAMP_PATTERN, ZBootstrapExportSchema } from '@kroma/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBootstrapPrompt, expectedResponseTemplate, importBootstrap } from '../src/index.js';
import { createProject, openTestStore, type TTestStore } from './support.js';

let t: TTestStore;
let projectId: string;
const STORED_SECRET = 'sk-live-DO-NOT-LEAK-1234567890';

beforeAll(async () => {
  t = await openTestStore();
  projectId = (await createProject(t.store, 'Night City', 'A noir comic')).id;
  await importBootstrap(t.store, 'night_city', {
    settings: {
      provider_accounts: [{ provider_code: 'openai', display_name: 'OpenAI', config_json: { model: 'gpt-image-1' } }],
      style_guides: [{ name: 'Ink', instructions: 'Bold lines' }],
      characters: [{ name: 'Hero', prompt_text: 'tall' }],
      reference_sets: [
        {
          name: 'Faces',
          items: [{ label: 'front', content_uri: 'file:///f.png', sort_order: 1, metadata_json: { s: 1 } }],
        },
      ],
      secrets: [{ provider_code: 'openai', secret_name: 'empty_one' }],
      prompt_templates: [{ name: 'Cover', template_text: 'A cover of {{title}}' }],
    },
  });
  const now = '2026-01-01T00:00:00Z';
  await t.store.db
    .insertInto('project_secrets')
    .values({
      project_id: projectId,
      provider_code: 'openai',
      secret_name: 'api_key',
      secret_value: STORED_SECRET,
      created_at: now,
      updated_at: now,
    })
    .execute();
});
afterAll(async () => {
  await t.close();
});

describe('exportBootstrapPrompt', () => {
  it('matches the contract and carries the project and its settings', async () => {
    const exported = await exportBootstrapPrompt(t.store, 'Night City');
    expect(ZBootstrapExportSchema.parse(exported)).toEqual(exported);
    expect(exported.schema_version).toBe(BOOTSTRAP_SCHEMA_VERSION);
    expect(exported.generated_at).toMatch(TIMESTAMP_PATTERN);
    expect(exported.project).toEqual({
      id: projectId,
      slug: 'night_city',
      name: 'Night City',
      description: 'A noir comic',
    });
    expect(exported.settings.provider_accounts).toEqual([
      expect.objectContaining({
        project_id: projectId,
        provider_code: 'openai',
        display_name: 'OpenAI',
        config_json: { model: 'gpt-image-1' },
      }),
    ]);
    expect(exported.settings.style_guides).toEqual([
      expect.objectContaining({ name: 'Ink', instructions: 'Bold lines', notes: '' }),
    ]);
    expect(exported.settings.characters).toEqual([
      expect.objectContaining({ name: 'Hero', description: '', prompt_text: 'tall' }),
    ]);
    expect(exported.settings.prompt_templates).toEqual([
      expect.objectContaining({ name: 'Cover', template_text: 'A cover of {{title}}' }),
    ]);
    expect(exported.expected_response).toEqual(expectedResponseTemplate());
  });

  it('lists reference sets and items without ids', async () => {
    const { settings } = await exportBootstrapPrompt(t.store, 'night_city');
    expect(settings.reference_sets).toEqual([
      {
        name: 'Faces',
        description: '',
        items: [
          { label: 'front', content_uri: 'file:///f.png', content_text: '', sort_order: 1, metadata_json: { s: 1 } },
        ],
      },
    ]);
  });

  it('shows secrets as metadata only, never a value (not even in the prompt)', async () => {
    const exported = await exportBootstrapPrompt(t.store, 'night_city');
    expect(exported.settings.secrets).toEqual([
      { provider_code: 'openai', secret_name: 'api_key', has_value: true },
      { provider_code: 'openai', secret_name: 'empty_one', has_value: false },
    ]);
    expect(JSON.stringify(exported)).not.toContain(STORED_SECRET);
    expect(JSON.stringify(exported)).not.toContain('secret_value');
  });

  it('renders a prompt: JSON-only instruction, answer shape, rules, current settings', async () => {
    const { prompt, expected_response } = await exportBootstrapPrompt(t.store, 'night_city');
    const lines = prompt.split('\n');
    expect(lines[0]).toBe('You are configuring a Kroma project bootstrap profile.');
    expect(lines[1]).toBe('Return ONLY valid JSON (no markdown, no comments, no prose).');
    expect(prompt).toContain('Return ONLY valid JSON');
    const shapeStart = prompt.indexOf('Use this exact response shape:\n') + 'Use this exact response shape:\n'.length;
    const shapeText = prompt.slice(shapeStart, prompt.indexOf('\n\nRules:\n'));
    expect(JSON.parse(shapeText)).toEqual(expected_response);
    expect(prompt).toContain("- Keep provider_code lowercase (letters, numbers, '-', '_').");
    expect(prompt).toContain('- Never include secret values or API keys.');
    expect(prompt).toContain('(use `[]` for an empty set)');
    const current = JSON.parse(
      prompt.slice(prompt.indexOf('Current project settings:\n') + 'Current project settings:\n'.length),
    );
    expect(Object.keys(current)).toEqual([
      'characters',
      'project',
      'prompt_templates',
      'provider_accounts',
      'reference_sets',
      'secrets',
      'style_guides',
    ]);
    expect(current.project).toEqual({
      description: 'A noir comic',
      id: projectId,
      name: 'Night City',
      slug: 'night_city',
    });
    expect(current.secrets).toEqual([
      { has_value: true, provider_code: 'openai', secret_name: 'api_key' },
      { has_value: false, provider_code: 'openai', secret_name: 'empty_one' },
    ]);
    expect(prompt.endsWith('}\n')).toBe(true);
  });

  it('answers 404 Project not found for an unknown or invalid slug', async () => {
    for (const slug of ['nope', '___']) {
      await expect(exportBootstrapPrompt(t.store, slug)).rejects.toMatchObject({
        status: 404,
        message: 'Project not found',
      });
    }
  });
});

import type { TBootstrapSettingsInput } from '@kroma/contract';
import { describe, expect, it } from 'vitest';
import { normalizeSettings } from '../src/index.js';

const failure = (input: TBootstrapSettingsInput): string => {
  try {
    normalizeSettings(input);
  } catch (error) {
    expect(error).toMatchObject({ kind: 'validation', status: 400 });
    return (error as Error).message;
  }
  throw new Error('expected a validation error');
};

describe('normalizeSettings: messages', () => {
  it.each<[string, TBootstrapSettingsInput, string]>([
    ['blank project name', { project: { name: '  ' } }, "Field 'project.name' is required"],
    ['provider without code', { provider_accounts: [{ display_name: 'x' }] }, "Field 'provider_code' is required"],
    [
      'provider code normalizing to nothing',
      { provider_accounts: [{ provider_code: '___' }] },
      "Field 'provider_code' is required",
    ],
    ['style guide name', { style_guides: [{ instructions: 'x' }] }, "Field 'style_guides[].name' is required"],
    [
      'style guide instructions',
      { style_guides: [{ name: 'x', instructions: ' ' }] },
      "Field 'style_guides[].instructions' is required",
    ],
    ['character name', { characters: [{ description: 'x' }] }, "Field 'characters[].name' is required"],
    ['reference set name', { reference_sets: [{ items: [] }] }, "Field 'reference_sets[].name' is required"],
    [
      'reference set without items',
      { reference_sets: [{ name: 'Faces' }] },
      "Field 'reference_sets[].items' is required (use [] to provide an empty set)",
    ],
    [
      'reference set with items: null',
      { reference_sets: [{ name: 'Faces', items: null }] },
      "Field 'reference_sets[].items' is required (use [] to provide an empty set)",
    ],
    [
      'item label',
      { reference_sets: [{ name: 'F', items: [{ content_uri: 'u' }] }] },
      "Field 'reference_sets[].items[].label' is required",
    ],
    [
      'item without content',
      { reference_sets: [{ name: 'F', items: [{ label: 'l', content_uri: ' ', content_text: '' }] }] },
      "Field 'reference_sets[].items[]' requires at least one of: content_uri, content_text",
    ],
    ['secret code', { secrets: [{ secret_name: 'api_key' }] }, "Field 'provider_code' is required"],
    [
      'secret name',
      { secrets: [{ provider_code: 'openai', secret_name: ' ' }] },
      "Field 'secrets[].secret_name' is required",
    ],
    ['template name', { prompt_templates: [{ template_text: 't' }] }, "Field 'prompt_templates[].name' is required"],
    ['template text', { prompt_templates: [{ name: 'n' }] }, "Field 'prompt_templates[].template_text' is required"],
    ['no section at all', {}, 'Import payload does not include any settings'],
    ['only null sections', { characters: null, project: null }, 'Import payload does not include any settings'],
  ])('%s', (_label, input, message) => {
    expect(failure(input)).toBe(message);
  });

  it('checks sections in order: project, providers, styles, characters, sets, secrets, templates', () => {
    const everythingWrong: TBootstrapSettingsInput = {
      prompt_templates: [{}],
      secrets: [{}],
      reference_sets: [{}],
      characters: [{}],
      style_guides: [{}],
      provider_accounts: [{}],
      project: { name: '' },
    };
    const expected = [
      "Field 'project.name' is required",
      "Field 'provider_code' is required",
      "Field 'style_guides[].name' is required",
      "Field 'characters[].name' is required",
      "Field 'reference_sets[].name' is required",
      "Field 'provider_code' is required",
      "Field 'prompt_templates[].name' is required",
    ];
    const sections = [
      'project',
      'provider_accounts',
      'style_guides',
      'characters',
      'reference_sets',
      'secrets',
      'prompt_templates',
    ] as const;
    const input: Record<string, unknown> = { ...everythingWrong };
    sections.forEach((section, index) => {
      expect(failure(input as TBootstrapSettingsInput)).toBe(expected[index]);
      delete input[section];
    });
    expect(input).toEqual({});
  });

  it('validates the first bad entry even if a later duplicate would replace it', () => {
    expect(failure({ characters: [{ name: '' }, { name: 'Hero' }] })).toBe("Field 'characters[].name' is required");
  });
});

describe('normalizeSettings: values', () => {
  it('"project": {} and empty arrays count as provided', () => {
    const result = normalizeSettings({ project: {}, style_guides: [] });
    expect(result.project).toEqual({ name: undefined, description: undefined });
    expect(result.provided).toEqual({
      provider_accounts: false,
      style_guides: true,
      characters: false,
      reference_sets: false,
      secrets: false,
      prompt_templates: false,
    });
  });

  it('trims texts, stores blank optionals as null and applies the provider defaults', () => {
    const result = normalizeSettings({
      project: { name: ' Night City ', description: '  ' },
      provider_accounts: [
        { provider_code: ' OpenAI ', display_name: ' ', account_ref: '  ', base_url: ' https://x ', config_json: null },
      ],
      style_guides: [{ name: ' Ink ', instructions: ' bold lines ', notes: ' ' }],
      reference_sets: [
        { name: 'Faces', description: ' ', items: [{ label: ' a ', content_text: ' t ', metadata_json: null }] },
      ],
    });
    expect(result.project).toEqual({ name: 'Night City', description: '' });
    expect(result.provider_accounts).toEqual([
      {
        provider_code: 'openai',
        display_name: 'openai',
        account_ref: null,
        base_url: 'https://x',
        enabled: true,
        config_json: {},
      },
    ]);
    expect(result.style_guides).toEqual([{ name: 'Ink', instructions: 'bold lines', notes: null }]);
    expect(result.reference_sets).toEqual([
      {
        name: 'Faces',
        description: null,
        items: [{ label: 'a', content_uri: null, content_text: 't', sort_order: 0, metadata_json: {} }],
      },
    ]);
  });

  it('dedupes by lower-cased name / code / code+name, last wins, ordered by key', () => {
    const result = normalizeSettings({
      characters: [
        { name: 'Zed', description: 'first' },
        { name: 'hero', description: 'lower' },
        { name: 'HERO', description: 'upper, last' },
        { name: 'alpha' },
      ],
      provider_accounts: [
        { provider_code: 'OpenAI', display_name: 'A' },
        { provider_code: 'openai', display_name: 'B' },
      ],
      secrets: [
        { provider_code: 'openai', secret_name: 'api_key' },
        { provider_code: 'OPENAI', secret_name: 'api_key' },
        { provider_code: 'openai', secret_name: 'API_KEY' },
      ],
      prompt_templates: [
        { name: 'b', template_text: '1' },
        { name: 'A', template_text: '2' },
      ],
    });
    expect(result.characters.map((c) => [c.name, c.description])).toEqual([
      ['alpha', null],
      ['HERO', 'upper, last'],
      ['Zed', 'first'],
    ]);
    expect(result.provider_accounts.map((p) => p.display_name)).toEqual(['B']);
    // Secret names are exact: only the code is normalized.
    expect(result.secrets).toEqual([
      { provider_code: 'openai', secret_name: 'API_KEY' },
      { provider_code: 'openai', secret_name: 'api_key' },
    ]);
    expect(result.prompt_templates.map((t) => t.name)).toEqual(['A', 'b']);
  });

  it('keeps reference items in payload order (no dedupe)', () => {
    const result = normalizeSettings({
      reference_sets: [
        {
          name: 'F',
          items: [
            { label: 'b', content_uri: 'u', sort_order: 2 },
            { label: 'a', content_uri: 'u', sort_order: 1 },
            { label: 'b', content_uri: 'u' },
          ],
        },
      ],
    });
    expect(result.reference_sets[0]?.items.map((i) => [i.label, i.sort_order])).toEqual([
      ['b', 2],
      ['a', 1],
      ['b', 0],
    ]);
  });
});

import {
  BOOTSTRAP_SECTIONS,
  validationError,
  type TBootstrapSection,
  type TBootstrapSettingsInput,
} from '@kroma/contract';
import { nonBlank, provided, requireProviderCode, requireText } from '@kroma/db';
import { keyed, nameKey, secretKey, valuesByKey } from './keys.js';
import type {
  TNormalizedCharacter,
  TNormalizedPromptTemplate,
  TNormalizedProviderAccount,
  TNormalizedReferenceItem,
  TNormalizedReferenceSet,
  TNormalizedSecret,
  TNormalizedSettings,
  TNormalizedStyleGuide,
} from './types.js';

type TInput<K extends TBootstrapSection> = NonNullable<TBootstrapSettingsInput[K]>[number];
type TText = string | null | undefined;

export const NORMALIZE_MESSAGES = {
  missingItems: "Field 'reference_sets[].items' is required (use [] to provide an empty set)",
  itemWithoutContent: "Field 'reference_sets[].items[]' requires at least one of: content_uri, content_text",
  emptyPayload: 'Import payload does not include any settings',
} as const;

const optionalText = (value: TText): string | null => nonBlank(value) ?? null;
/** JSON `null` counts as absent, like every other field. */
const jsonOrEmptyObject = (value: unknown): unknown => (value === undefined || value === null ? {} : value);

function providerAccount(input: TInput<'provider_accounts'>): TNormalizedProviderAccount {
  const code = requireProviderCode(input.provider_code);
  return {
    provider_code: code,
    display_name: nonBlank(input.display_name) ?? code,
    account_ref: optionalText(input.account_ref),
    base_url: optionalText(input.base_url),
    enabled: input.enabled ?? true,
    config_json: jsonOrEmptyObject(input.config_json),
  };
}

const styleGuide = (input: TInput<'style_guides'>): TNormalizedStyleGuide => ({
  name: requireText(input.name, 'style_guides[].name'),
  instructions: requireText(input.instructions, 'style_guides[].instructions'),
  notes: optionalText(input.notes),
});

const character = (input: TInput<'characters'>): TNormalizedCharacter => ({
  name: requireText(input.name, 'characters[].name'),
  description: optionalText(input.description),
  prompt_text: optionalText(input.prompt_text),
});

type TItemInput = NonNullable<TInput<'reference_sets'>['items']>[number];

function referenceItem(input: TItemInput): TNormalizedReferenceItem {
  const label = requireText(input.label, 'reference_sets[].items[].label');
  const contentUri = optionalText(input.content_uri);
  const contentText = optionalText(input.content_text);
  if (contentUri === null && contentText === null) throw validationError(NORMALIZE_MESSAGES.itemWithoutContent);
  return {
    label,
    content_uri: contentUri,
    content_text: contentText,
    sort_order: input.sort_order ?? 0,
    metadata_json: jsonOrEmptyObject(input.metadata_json),
  };
}

function referenceSet(input: TInput<'reference_sets'>): TNormalizedReferenceSet {
  const name = requireText(input.name, 'reference_sets[].name');
  const description = optionalText(input.description);
  if (!provided(input.items)) throw validationError(NORMALIZE_MESSAGES.missingItems);
  return { name, description, items: input.items.map(referenceItem) };
}

const secret = (input: TInput<'secrets'>): TNormalizedSecret => ({
  provider_code: requireProviderCode(input.provider_code),
  secret_name: requireText(input.secret_name, 'secrets[].secret_name'),
});

const promptTemplate = (input: TInput<'prompt_templates'>): TNormalizedPromptTemplate => ({
  name: requireText(input.name, 'prompt_templates[].name'),
  template_text: requireText(input.template_text, 'prompt_templates[].template_text'),
});

/** Validates every entry in payload order (first failure wins), then dedupes: last wins, ordered by key. */
function section<TIn, TOut>(
  items: readonly TIn[] | null | undefined,
  normalize: (item: TIn) => TOut,
  keyOf: (item: TOut) => string,
) {
  return valuesByKey(keyed((items ?? []).map(normalize), keyOf));
}

/** A section counts as provided when its key is present and not null, even as `[]`. */
function providedSections(input: TBootstrapSettingsInput): Record<TBootstrapSection, boolean> {
  const entries = BOOTSTRAP_SECTIONS.map((name) => [name, provided(input[name])] as const);
  return Object.fromEntries(entries) as Record<TBootstrapSection, boolean>;
}

/**
 * Checks in the original's order: project, provider accounts, style guides, characters, reference sets (with
 * their items), secrets, prompt templates; then that at least one section key was present.
 */
export function normalizeSettings(input: TBootstrapSettingsInput): TNormalizedSettings {
  const project = provided(input.project)
    ? {
        name: provided(input.project.name) ? requireText(input.project.name, 'project.name') : undefined,
        description: provided(input.project.description) ? input.project.description.trim() : undefined,
      }
    : undefined;
  const normalized: TNormalizedSettings = {
    project,
    provided: providedSections(input),
    provider_accounts: section(input.provider_accounts, providerAccount, (p) => p.provider_code),
    style_guides: section(input.style_guides, styleGuide, (s) => nameKey(s.name)),
    characters: section(input.characters, character, (c) => nameKey(c.name)),
    reference_sets: section(input.reference_sets, referenceSet, (r) => nameKey(r.name)),
    secrets: section(input.secrets, secret, (s) => secretKey(s.provider_code, s.secret_name)),
    prompt_templates: section(input.prompt_templates, promptTemplate, (t) => nameKey(t.name)),
  };
  if (project === undefined && !BOOTSTRAP_SECTIONS.some((name) => normalized.provided[name])) {
    throw validationError(NORMALIZE_MESSAGES.emptyPayload);
  }
  return normalized;
}

import type { TBootstrapSection, TBootstrapSettings } from '@kroma/contract';
import { newId } from '@kroma/db';
import { keyed, nameKey, secretKey, valuesByKey } from './keys.js';
import type {
  TBootstrapProject,
  TBootstrapSnapshot,
  TImportMode,
  TNormalizedProjectPatch,
  TNormalizedSettings,
} from './types.js';

/** The project after a patch, and whether anything actually changed. */
export function patchProject(project: TBootstrapProject, patch: TNormalizedProjectPatch | undefined) {
  const name = patch?.name ?? project.name;
  const description = patch?.description ?? project.description;
  const changed = name !== project.name || description !== project.description;
  return { project: { ...project, name, description }, changed };
}

interface TUpsertOptions<TRow, TEntry> {
  /** Replace mode on a provided section: start from nothing. */
  wipe: boolean;
  provided: boolean;
  keyOfRow: (row: TRow) => string;
  keyOfEntry: (entry: TEntry) => string;
}

/** Current rows keyed like the payload; each payload entry then overwrites its key. Ordered by key. */
function upsertPreview<TRow, TEntry>(
  current: TRow[],
  entries: TEntry[],
  options: TUpsertOptions<TRow, TEntry>,
  build: (entry: TEntry, existing: TRow | undefined) => TRow,
): TRow[] {
  const map = options.wipe ? new Map<string, TRow>() : keyed(current, options.keyOfRow);
  if (options.provided) {
    for (const entry of entries) {
      const key = options.keyOfEntry(entry);
      map.set(key, build(entry, map.get(key)));
    }
  }
  return valuesByKey(map);
}

const byName = {
  keyOfRow: (row: { name: string }) => nameKey(row.name),
  keyOfEntry: (entry: { name: string }) => nameKey(entry.name),
};

/**
 * Dry run: the import's effect computed in memory (same merge/replace rules as the real run). An upserted row
 * keeps its id and created_at; a new one gets a `preview_<kind>_<uuid>` id; both are stamped `now`.
 */
export function previewImport(before: TBootstrapSnapshot, input: TNormalizedSettings, mode: TImportMode, now: string) {
  const { project, changed } = patchProject(before.project, input.project);
  const current = before.settings;
  const section = (name: TBootstrapSection) => ({
    wipe: mode === 'replace' && input.provided[name],
    provided: input.provided[name],
  });
  const stamps = <T extends { id: string; created_at: string }>(existing: T | undefined, prefix: string) => ({
    id: existing?.id ?? `${prefix}_${newId()}`,
    project_id: project.id,
    created_at: existing?.created_at ?? now,
    updated_at: now,
  });

  const settings: TBootstrapSettings = {
    provider_accounts: upsertPreview(
      current.provider_accounts,
      input.provider_accounts,
      {
        ...section('provider_accounts'),
        keyOfRow: (row) => row.provider_code,
        keyOfEntry: (entry) => entry.provider_code,
      },
      (entry, existing) => ({
        project_id: project.id,
        provider_code: entry.provider_code,
        display_name: entry.display_name,
        account_ref: entry.account_ref ?? '',
        base_url: entry.base_url ?? '',
        enabled: entry.enabled,
        config_json: entry.config_json,
        created_at: existing?.created_at ?? now,
        updated_at: now,
      }),
    ),
    style_guides: upsertPreview(
      current.style_guides,
      input.style_guides,
      { ...section('style_guides'), ...byName },
      (entry, existing) => ({
        ...stamps(existing, 'preview_style'),
        name: entry.name,
        instructions: entry.instructions,
        notes: entry.notes ?? '',
      }),
    ),
    characters: upsertPreview(
      current.characters,
      input.characters,
      { ...section('characters'), ...byName },
      (entry, existing) => ({
        ...stamps(existing, 'preview_character'),
        name: entry.name,
        description: entry.description ?? '',
        prompt_text: entry.prompt_text ?? '',
      }),
    ),
    reference_sets: upsertPreview(
      current.reference_sets,
      input.reference_sets,
      { ...section('reference_sets'), ...byName },
      (entry) => ({
        name: entry.name,
        description: entry.description ?? '',
        items: entry.items.map((item) => ({
          label: item.label,
          content_uri: item.content_uri ?? '',
          content_text: item.content_text ?? '',
          sort_order: item.sort_order,
          metadata_json: item.metadata_json,
        })),
      }),
    ),
    // Never wiped; an existing secret is left exactly as it is (value included).
    secrets: upsertPreview(
      current.secrets,
      input.secrets,
      {
        wipe: false,
        provided: input.provided.secrets,
        keyOfRow: (row) => secretKey(row.provider_code, row.secret_name),
        keyOfEntry: (entry) => secretKey(entry.provider_code, entry.secret_name),
      },
      (entry, existing) =>
        existing ?? { provider_code: entry.provider_code, secret_name: entry.secret_name, has_value: false },
    ),
    prompt_templates: upsertPreview(
      current.prompt_templates,
      input.prompt_templates,
      { ...section('prompt_templates'), ...byName },
      (entry, existing) => ({
        ...stamps(existing, 'preview_prompt'),
        name: entry.name,
        template_text: entry.template_text,
      }),
    ),
  };
  return { project, settings, projectUpdated: changed };
}

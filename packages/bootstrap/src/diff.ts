import type { TBootstrapSection, TBootstrapSettings, TBootstrapImportResult, TSectionChange } from '@kroma/contract';
import { keyed, nameKey, secretKey } from './keys.js';
import type { TBootstrapProject, TBootstrapSnapshot, TImportMode, TNormalizedSettings } from './types.js';

/** JSON value equality (object key order does not matter). */
export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((value, index) => jsonEqual(value, right[index]));
  }
  const leftEntries = Object.entries(left as Record<string, unknown>);
  const rightObject = right as Record<string, unknown>;
  return (
    leftEntries.length === Object.keys(rightObject).length &&
    leftEntries.every(([key, value]) => Object.hasOwn(rightObject, key) && jsonEqual(value, rightObject[key]))
  );
}

/** Equal on the listed fields (ids and timestamps are never compared). */
const sameFields =
  <T>(fields: readonly (keyof T)[]) =>
  (left: T, right: T): boolean =>
    fields.every((field) => jsonEqual(left[field], right[field]));

type TSettingsRow<K extends TBootstrapSection> = TBootstrapSettings[K][number];

interface TSectionRule<K extends TBootstrapSection> {
  keyOf: (row: TSettingsRow<K>) => string;
  equal: (left: TSettingsRow<K>, right: TSettingsRow<K>) => boolean;
}

const byName = (row: { name: string }) => nameKey(row.name);

const RULES: { [K in TBootstrapSection]: TSectionRule<K> } = {
  provider_accounts: {
    keyOf: (row) => row.provider_code,
    equal: sameFields(['provider_code', 'display_name', 'account_ref', 'base_url', 'enabled', 'config_json']),
  },
  style_guides: { keyOf: byName, equal: sameFields(['name', 'instructions', 'notes']) },
  characters: { keyOf: byName, equal: sameFields(['name', 'description', 'prompt_text']) },
  // Items compare pairwise in list order, field by field (jsonEqual on the arrays).
  reference_sets: { keyOf: byName, equal: sameFields(['name', 'description', 'items']) },
  secrets: {
    keyOf: (row) => secretKey(row.provider_code, row.secret_name),
    equal: sameFields(['provider_code', 'secret_name', 'has_value']),
  },
  prompt_templates: { keyOf: byName, equal: sameFields(['name', 'template_text']) },
};

/** Keyed before/after comparison; rows sharing a key collapse (the later one counts), as in the original. */
function sectionChange<K extends TBootstrapSection>(
  name: K,
  before: TBootstrapSettings,
  after: TBootstrapSettings,
  flags: { provided: boolean; replaced: boolean },
): TSectionChange {
  const rule = RULES[name] as TSectionRule<K>;
  const beforeMap = keyed(before[name] as TSettingsRow<K>[], rule.keyOf);
  const afterMap = keyed(after[name] as TSettingsRow<K>[], rule.keyOf);
  const change: TSectionChange = {
    ...flags,
    before_count: beforeMap.size,
    after_count: afterMap.size,
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
  };
  for (const [key, row] of afterMap) {
    const previous = beforeMap.get(key);
    if (previous === undefined) change.created += 1;
    else if (rule.equal(previous, row)) change.unchanged += 1;
    else change.updated += 1;
  }
  for (const key of beforeMap.keys()) if (!afterMap.has(key)) change.deleted += 1;
  return change;
}

/** `changes` of the import result: before = snapshot before the import; after = DB re-read or dry-run preview. */
export function computeChanges(
  before: TBootstrapSnapshot,
  after: { project: TBootstrapProject; settings: TBootstrapSettings },
  input: TNormalizedSettings,
  mode: TImportMode,
  projectUpdated: boolean,
): TBootstrapImportResult['changes'] {
  const flags = (name: TBootstrapSection) => ({
    provided: input.provided[name],
    // Secrets are merge-only: never reported as replaced.
    replaced: name !== 'secrets' && mode === 'replace' && input.provided[name],
  });
  const section = <K extends TBootstrapSection>(name: K) =>
    sectionChange(name, before.settings, after.settings, flags(name));
  return {
    project: {
      provided: input.project !== undefined,
      updated: projectUpdated,
      name_changed: before.project.name !== after.project.name,
      description_changed: before.project.description !== after.project.description,
    },
    provider_accounts: section('provider_accounts'),
    style_guides: section('style_guides'),
    characters: section('characters'),
    reference_sets: section('reference_sets'),
    secrets: section('secrets'),
    prompt_templates: section('prompt_templates'),
  };
}

import type { TBootstrapExport, TBootstrapSection, TBootstrapSettings } from '@kroma/contract';

export type TImportMode = 'merge' | 'replace';

export type TBootstrapProject = TBootstrapExport['project'];

/** What the project's settings look like at one moment (from the DB, or previewed in memory). */
export interface TBootstrapSnapshot {
  project: TBootstrapProject;
  settings: TBootstrapSettings;
}

export interface TNormalizedProjectPatch {
  name?: string;
  description?: string;
}

/** Optional texts are `null` when blank: that is how they are stored (and they read back as ""). */
export interface TNormalizedProviderAccount {
  provider_code: string;
  display_name: string;
  account_ref: string | null;
  base_url: string | null;
  enabled: boolean;
  config_json: unknown;
}

export interface TNormalizedStyleGuide {
  name: string;
  instructions: string;
  notes: string | null;
}

export interface TNormalizedCharacter {
  name: string;
  description: string | null;
  prompt_text: string | null;
}

export interface TNormalizedReferenceItem {
  label: string;
  content_uri: string | null;
  content_text: string | null;
  sort_order: number;
  metadata_json: unknown;
}

export interface TNormalizedReferenceSet {
  name: string;
  description: string | null;
  items: TNormalizedReferenceItem[];
}

export interface TNormalizedSecret {
  provider_code: string;
  secret_name: string;
}

export interface TNormalizedPromptTemplate {
  name: string;
  template_text: string;
}

/**
 * A validated import payload. Each list is deduplicated (last entry wins) and ordered by its dedupe key;
 * `provided` says which section keys were present, since a present `[]` still counts (replace mode wipes it).
 */
export interface TNormalizedSettings {
  project: TNormalizedProjectPatch | undefined;
  provided: Record<TBootstrapSection, boolean>;
  provider_accounts: TNormalizedProviderAccount[];
  style_guides: TNormalizedStyleGuide[];
  characters: TNormalizedCharacter[];
  reference_sets: TNormalizedReferenceSet[];
  secrets: TNormalizedSecret[];
  prompt_templates: TNormalizedPromptTemplate[];
}

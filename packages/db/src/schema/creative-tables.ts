import type { Generated } from 'kysely';

export interface PromptTemplateTable {
  id: string;
  project_id: string;
  name: string;
  template_text: string;
  created_at: string;
  updated_at: string;
}

/** Keyed by (project_id, provider_code); no id column. */
export interface ProviderAccountTable {
  project_id: string;
  provider_code: string;
  display_name: string;
  account_ref: string | null;
  base_url: string | null;
  enabled: Generated<number>;
  config_json: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface StyleGuideTable {
  id: string;
  project_id: string;
  name: string;
  instructions: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface CharacterTable {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  prompt_text: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReferenceSetTable {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReferenceSetItemTable {
  id: string;
  project_id: string;
  reference_set_id: string;
  label: string;
  content_uri: string | null;
  content_text: string | null;
  sort_order: Generated<number>;
  metadata_json: Generated<string>;
  created_at: string;
  updated_at: string;
}


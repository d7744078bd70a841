import type {
  TCharacter,
  TPromptTemplate,
  TProviderAccount,
  TReferenceSet,
  TReferenceSetItem,
  TSecret,
  TStyleGuide,
} from '@kroma/contract';
import type { Selectable } from 'kysely';
import type {
  CharacterTable,
  ProjectSecretTable,
  PromptTemplateTable,
  ProviderAccountTable,
  ReferenceSetItemTable,
  ReferenceSetTable,
  StyleGuideTable,
} from '../schema/database.js';
import { parseJsonValue } from '../util/json.js';

/** Rows → wire objects for the project settings tables (shared by their repositories and by bootstrap). */

export const toPromptTemplate = (row: Selectable<PromptTemplateTable>): TPromptTemplate => ({
  id: row.id,
  project_id: row.project_id,
  name: row.name,
  template_text: row.template_text,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const toProviderAccount = (row: Selectable<ProviderAccountTable>): TProviderAccount => ({
  project_id: row.project_id,
  provider_code: row.provider_code,
  display_name: row.display_name,
  account_ref: row.account_ref ?? '',
  base_url: row.base_url ?? '',
  enabled: row.enabled === 1,
  config_json: parseJsonValue(row.config_json),
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const toStyleGuide = (row: Selectable<StyleGuideTable>): TStyleGuide => ({
  id: row.id,
  project_id: row.project_id,
  name: row.name,
  instructions: row.instructions,
  notes: row.notes ?? '',
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const toCharacter = (row: Selectable<CharacterTable>): TCharacter => ({
  id: row.id,
  project_id: row.project_id,
  name: row.name,
  description: row.description ?? '',
  prompt_text: row.prompt_text ?? '',
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const toReferenceSet = (row: Selectable<ReferenceSetTable>): TReferenceSet => ({
  id: row.id,
  project_id: row.project_id,
  name: row.name,
  description: row.description ?? '',
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const toReferenceSetItem = (row: Selectable<ReferenceSetItemTable>): TReferenceSetItem => ({
  id: row.id,
  project_id: row.project_id,
  reference_set_id: row.reference_set_id,
  label: row.label,
  content_uri: row.content_uri ?? '',
  content_text: row.content_text ?? '',
  sort_order: row.sort_order,
  metadata_json: parseJsonValue(row.metadata_json),
  created_at: row.created_at,
  updated_at: row.updated_at,
});

/** Secret metadata only: the value (or any mask of it) never leaves the database layer. */
export const toSecret = (row: Selectable<ProjectSecretTable>): TSecret => ({
  project_id: row.project_id,
  provider_code: row.provider_code,
  secret_name: row.secret_name,
  has_value: row.secret_value.trim() !== '',
  updated_at: row.updated_at,
});

import { z } from 'zod';
import { c } from '../builder.js';
import {
  PROJECT_PATH,
  ZJsonValueSchema,
  ZOptionalBooleanSchema,
  ZOptionalIntegerSchema,
  ZOptionalTextSchema,
  ZTimestampSchema,
} from '../common.js';
import { ZCharacterSchema } from './characters.js';
import { ZPromptTemplateSchema } from './prompt-templates.js';
import { ZProviderAccountSchema } from './provider-accounts.js';
import { ZStyleGuideSchema } from './style-guides.js';

export const BOOTSTRAP_SCHEMA_VERSION = 'kroma.bootstrap.v1';
export const BOOTSTRAP_SECTIONS = [
  'provider_accounts',
  'style_guides',
  'characters',
  'reference_sets',
  'secrets',
  'prompt_templates',
] as const;
export type TBootstrapSection = (typeof BOOTSTRAP_SECTIONS)[number];

export const ZBootstrapProjectSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
});

export const ZBootstrapReferenceItemSchema = z.object({
  label: z.string(),
  content_uri: z.string(),
  content_text: z.string(),
  sort_order: z.number().int(),
  metadata_json: ZJsonValueSchema,
});
export const ZBootstrapReferenceSetSchema = z.object({
  name: z.string(),
  description: z.string(),
  items: z.array(ZBootstrapReferenceItemSchema),
});
export const ZBootstrapSecretSchema = z.object({
  provider_code: z.string(),
  secret_name: z.string(),
  has_value: z.boolean(),
});

/** The six settings sections as exported (and as previewed / re-read after an import). */
export const ZBootstrapSettingsSchema = z.object({
  provider_accounts: z.array(ZProviderAccountSchema),
  style_guides: z.array(ZStyleGuideSchema),
  characters: z.array(ZCharacterSchema),
  reference_sets: z.array(ZBootstrapReferenceSetSchema),
  secrets: z.array(ZBootstrapSecretSchema),
  prompt_templates: z.array(ZPromptTemplateSchema),
});
export type TBootstrapSettings = z.infer<typeof ZBootstrapSettingsSchema>;

export const ZBootstrapExportSchema = z.object({
  schema_version: z.literal(BOOTSTRAP_SCHEMA_VERSION),
  generated_at: ZTimestampSchema,
  project: ZBootstrapProjectSchema,
  settings: ZBootstrapSettingsSchema,
  expected_response: z.record(z.string(), z.any()),
  prompt: z.string(),
});
export type TBootstrapExport = z.infer<typeof ZBootstrapExportSchema>;

/** Import input: every field optional so that the importer can answer with the exact "is required" messages. */
export const ZBootstrapSettingsInputSchema = z
  .object({
    project: z.object({ name: ZOptionalTextSchema, description: ZOptionalTextSchema }).nullish(),
    provider_accounts: z
      .array(
        z.object({
          provider_code: ZOptionalTextSchema,
          display_name: ZOptionalTextSchema,
          account_ref: ZOptionalTextSchema,
          base_url: ZOptionalTextSchema,
          enabled: ZOptionalBooleanSchema,
          config_json: ZJsonValueSchema.optional(),
        }),
      )
      .nullish(),
    style_guides: z
      .array(z.object({ name: ZOptionalTextSchema, instructions: ZOptionalTextSchema, notes: ZOptionalTextSchema }))
      .nullish(),
    characters: z
      .array(z.object({ name: ZOptionalTextSchema, description: ZOptionalTextSchema, prompt_text: ZOptionalTextSchema }))
      .nullish(),
    reference_sets: z
      .array(
        z.object({
          name: ZOptionalTextSchema,
          description: ZOptionalTextSchema,
          items: z
            .array(
              z.object({
                label: ZOptionalTextSchema,
                content_uri: ZOptionalTextSchema,
                content_text: ZOptionalTextSchema,
                sort_order: ZOptionalIntegerSchema,
                metadata_json: ZJsonValueSchema.optional(),
              }),
            )
            .nullish(),
        }),
      )
      .nullish(),
    secrets: z.array(z.object({ provider_code: ZOptionalTextSchema, secret_name: ZOptionalTextSchema })).nullish(),
    prompt_templates: z
      .array(z.object({ name: ZOptionalTextSchema, template_text: ZOptionalTextSchema }))
      .nullish(),
  })
  .describe('each present section (even []) counts as provided');
export type TBootstrapSettingsInput = z.infer<typeof ZBootstrapSettingsInputSchema>;

export const ZBootstrapImportBodySchema = z.object({
  mode: ZOptionalTextSchema.describe('merge | replace (default merge)'),
  dry_run: ZOptionalBooleanSchema,
  settings: ZBootstrapSettingsInputSchema.nullish(),
  ai_response_text: ZOptionalTextSchema.describe('raw LLM answer; fenced JSON accepted'),
});
export type TBootstrapImportBody = z.infer<typeof ZBootstrapImportBodySchema>;

export const ZSectionChangeSchema = z.object({
  provided: z.boolean(),
  replaced: z.boolean(),
  before_count: z.number().int(),
  after_count: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  unchanged: z.number().int(),
});
export type TSectionChange = z.infer<typeof ZSectionChangeSchema>;

export const ZBootstrapImportResultSchema = z.object({
  schema_version: z.literal(BOOTSTRAP_SCHEMA_VERSION),
  mode: z.enum(['merge', 'replace']),
  dry_run: z.boolean(),
  project_updated: z.boolean(),
  applied: z.object({
    provider_accounts: z.number().int(),
    style_guides: z.number().int(),
    characters: z.number().int(),
    reference_sets: z.number().int(),
    secrets: z.number().int(),
    prompt_templates: z.number().int(),
  }),
  changes: z.object({
    project: z.object({
      provided: z.boolean(),
      updated: z.boolean(),
      name_changed: z.boolean(),
      description_changed: z.boolean(),
    }),
    provider_accounts: ZSectionChangeSchema,
    style_guides: ZSectionChangeSchema,
    characters: ZSectionChangeSchema,
    reference_sets: ZSectionChangeSchema,
    secrets: ZSectionChangeSchema,
    prompt_templates: ZSectionChangeSchema,
  }),
  project: ZBootstrapProjectSchema,
  settings: ZBootstrapSettingsSchema,
});
export type TBootstrapImportResult = z.infer<typeof ZBootstrapImportResultSchema>;

export const bootstrapContract = c.router({
  getBootstrapPrompt: {
    method: 'GET',
    path: `${PROJECT_PATH}/bootstrap-prompt`,
    responses: { 200: z.object({ ok: z.literal(true), bootstrap: ZBootstrapExportSchema }) },
    summary: "Export the project's settings as an LLM prompt",
  },
  importBootstrap: {
    method: 'POST',
    path: `${PROJECT_PATH}/bootstrap-import`,
    body: ZBootstrapImportBodySchema,
    responses: { 200: z.object({ ok: z.literal(true), bootstrap_import: ZBootstrapImportResultSchema }) },
    summary: 'Import settings (merge or replace, optional dry run)',
  },
});

import { newId, toJsonText, type KromaDb, type ProjectRow } from '@kroma/db';
import type { TBootstrapSnapshot, TImportMode, TNormalizedSettings } from './types.js';
import { patchProject } from './preview.js';

export interface TApplyContext {
  db: KromaDb;
  project: ProjectRow;
  input: TNormalizedSettings;
  mode: TImportMode;
  now: string;
  /** Label of the master key, stored with each secret row (the new rows' value is empty). */
  keyRef: string;
}

type TWipedTable =
  | 'provider_accounts'
  | 'style_guides'
  | 'characters'
  | 'reference_set_items'
  | 'reference_sets'
  | 'prompt_templates';

/** Replace mode empties each provided section first (never secrets); an absent section is left alone. */
async function wipeReplacedSections({ db, project, input, mode }: TApplyContext): Promise<void> {
  if (mode !== 'replace') return;
  const wipe = async (table: TWipedTable) => {
    await db.deleteFrom(table).where('project_id', '=', project.id).execute();
  };
  if (input.provided.provider_accounts) await wipe('provider_accounts');
  if (input.provided.style_guides) await wipe('style_guides');
  if (input.provided.characters) await wipe('characters');
  if (input.provided.reference_sets) {
    await wipe('reference_set_items');
    await wipe('reference_sets');
  }
  if (input.provided.prompt_templates) await wipe('prompt_templates');
}

async function upsertProviderAccounts({ db, project, input, now }: TApplyContext): Promise<void> {
  for (const account of input.provider_accounts) {
    const fields = {
      display_name: account.display_name,
      account_ref: account.account_ref,
      base_url: account.base_url,
      enabled: account.enabled ? 1 : 0,
      config_json: toJsonText(account.config_json),
      updated_at: now,
    };
    await db
      .insertInto('provider_accounts')
      .values({ project_id: project.id, provider_code: account.provider_code, ...fields, created_at: now })
      .onConflict((oc) => oc.columns(['project_id', 'provider_code']).doUpdateSet(fields))
      .execute();
  }
}

/** Upserts by exact (case-sensitive) name: an existing row keeps its id and created_at. */
async function upsertNamedRows({ db, project, input, now }: TApplyContext): Promise<void> {
  const base = (name: string) => ({ id: newId(), project_id: project.id, name, created_at: now });
  for (const guide of input.style_guides) {
    const fields = { instructions: guide.instructions, notes: guide.notes, updated_at: now };
    await db
      .insertInto('style_guides')
      .values({ ...base(guide.name), ...fields })
      .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet(fields))
      .execute();
  }
  for (const character of input.characters) {
    const fields = { description: character.description, prompt_text: character.prompt_text, updated_at: now };
    await db
      .insertInto('characters')
      .values({ ...base(character.name), ...fields })
      .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet(fields))
      .execute();
  }
}

/** Each provided set's items are authoritative: the set's current items go, the listed ones come in with new ids. */
async function upsertReferenceSets({ db, project, input, now }: TApplyContext): Promise<void> {
  for (const set of input.reference_sets) {
    const fields = { description: set.description, updated_at: now };
    await db
      .insertInto('reference_sets')
      .values({ id: newId(), project_id: project.id, name: set.name, ...fields, created_at: now })
      .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet(fields))
      .execute();
    const { id: setId } = await db
      .selectFrom('reference_sets')
      .select('id')
      .where('project_id', '=', project.id)
      .where('name', '=', set.name)
      .executeTakeFirstOrThrow();
    await db
      .deleteFrom('reference_set_items')
      .where('project_id', '=', project.id)
      .where('reference_set_id', '=', setId)
      .execute();
    for (const item of set.items) {
      await db
        .insertInto('reference_set_items')
        .values({
          id: newId(),
          project_id: project.id,
          reference_set_id: setId,
          label: item.label,
          content_uri: item.content_uri,
          content_text: item.content_text,
          sort_order: item.sort_order,
          metadata_json: toJsonText(item.metadata_json),
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  }
}

/** Metadata only: a missing secret is created with an empty value; an existing one only gets `updated_at`. */
async function touchSecrets({ db, project, input, now, keyRef }: TApplyContext): Promise<void> {
  for (const secret of input.secrets) {
    await db
      .insertInto('project_secrets')
      .values({
        project_id: project.id,
        provider_code: secret.provider_code,
        secret_name: secret.secret_name,
        secret_value: '',
        key_ref: keyRef,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['project_id', 'provider_code', 'secret_name']).doUpdateSet({ updated_at: now }))
      .execute();
  }
}

async function upsertPromptTemplates({ db, project, input, now }: TApplyContext): Promise<void> {
  for (const template of input.prompt_templates) {
    const fields = { template_text: template.template_text, updated_at: now };
    await db
      .insertInto('prompt_templates')
      .values({ id: newId(), project_id: project.id, name: template.name, ...fields, created_at: now })
      .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet(fields))
      .execute();
  }
}

/**
 * Writes a validated import; `db` must be a transaction. Order as the original: project patch, replace-mode
 * wipes, then provider accounts, style guides, characters, reference sets, secrets, prompt templates, and
 * finally the project's `updated_at` (bumped even when nothing else changed). Returns whether the project's
 * name or description changed.
 */
export async function applyImport(context: TApplyContext, before: TBootstrapSnapshot): Promise<boolean> {
  const { db, project, now } = context;
  const patched = patchProject(before.project, context.input.project);
  if (patched.changed) {
    await db
      .updateTable('projects')
      .set({ name: patched.project.name, description: patched.project.description })
      .where('id', '=', project.id)
      .execute();
  }
  await wipeReplacedSections(context);
  await upsertProviderAccounts(context);
  await upsertNamedRows(context);
  await upsertReferenceSets(context);
  await touchSecrets(context);
  await upsertPromptTemplates(context);
  await db.updateTable('projects').set({ updated_at: now }).where('id', '=', project.id).execute();
  return patched.changed;
}

import { newId, toJsonText, type KromaDb, type ProjectRow } from '@kroma/db';
import type { TBootstrapSnapshot, TImportMode, TNormalizedSettings } from './types.js';
import { nameKey } from './keys.js';
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

type TNamedTable = 'style_guides' | 'characters' | 'reference_sets' | 'prompt_templates';

/**
 * The project's rows of a named section by ASCII-lower-cased name — the key the payload was deduped and the diff
 * computed by (api.md §5 item 18: the original upserted by exact name, so `hero` next to `Hero` became a second
 * row). Rows from before this rule that differ only in case share a key: the exact spelling wins, else the oldest.
 */
async function rowsByNameKey(db: KromaDb, table: TNamedTable, projectId: string) {
  const rows = await db
    .selectFrom(table)
    .select(['id', 'name'])
    .where('project_id', '=', projectId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  const byKey = new Map<string, Array<{ id: string; name: string }>>();
  for (const row of rows) {
    const key = nameKey(row.name);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  return (name: string): string | undefined => {
    const candidates = byKey.get(nameKey(name)) ?? [];
    return (candidates.find((row) => row.name === name) ?? candidates[0])?.id;
  };
}

/**
 * Upserts each entry onto the row with the same case-insensitive name (which takes the payload's spelling and
 * keeps its id and created_at), else inserts a new row. Returns the row's id.
 */
async function upsertByName(
  { db, project, now }: TApplyContext,
  table: TNamedTable,
  existingId: string | undefined,
  name: string,
  fields: Record<string, string | null>,
): Promise<string> {
  // The table is one of four with the same id/project/name/timestamps columns; Kysely cannot follow a union here.
  const named = table as 'characters';
  if (existingId !== undefined) {
    await db.updateTable(named).set({ name, ...fields, updated_at: now }).where('id', '=', existingId).execute();
    return existingId;
  }
  const id = newId();
  await db
    .insertInto(named)
    .values({ id, project_id: project.id, name, ...fields, created_at: now, updated_at: now })
    .execute();
  return id;
}

async function upsertNamedRows(context: TApplyContext): Promise<void> {
  const { db, project, input } = context;
  const guideIdOf = await rowsByNameKey(db, 'style_guides', project.id);
  for (const guide of input.style_guides) {
    await upsertByName(context, 'style_guides', guideIdOf(guide.name), guide.name, { instructions: guide.instructions, notes: guide.notes });
  }
  const characterIdOf = await rowsByNameKey(db, 'characters', project.id);
  for (const character of input.characters) {
    await upsertByName(context, 'characters', characterIdOf(character.name), character.name, {
      description: character.description,
      prompt_text: character.prompt_text,
    });
  }
}

/** Each provided set's items are authoritative: the set's current items go, the listed ones come in with new ids. */
async function upsertReferenceSets(context: TApplyContext): Promise<void> {
  const { db, project, input, now } = context;
  const setIdOf = await rowsByNameKey(db, 'reference_sets', project.id);
  for (const set of input.reference_sets) {
    const setId = await upsertByName(context, 'reference_sets', setIdOf(set.name), set.name, { description: set.description });
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

async function upsertPromptTemplates(context: TApplyContext): Promise<void> {
  const templateIdOf = await rowsByNameKey(context.db, 'prompt_templates', context.project.id);
  for (const template of context.input.prompt_templates) {
    await upsertByName(context, 'prompt_templates', templateIdOf(template.name), template.name, { template_text: template.template_text });
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

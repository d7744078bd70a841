import type { TBootstrapSettings } from '@kroma/contract';
import {
  toCharacter,
  toPromptTemplate,
  toProviderAccount,
  toReferenceSetItem,
  toSecret,
  toStyleGuide,
  type KromaDb,
  type ProjectRow,
} from '@kroma/db';
import type { TBootstrapProject, TBootstrapSnapshot } from './types.js';

export const toBootstrapProject = (project: ProjectRow): TBootstrapProject => ({
  id: project.id,
  slug: project.slug,
  name: project.name,
  description: project.description,
});

type TReferenceSets = TBootstrapSettings['reference_sets'];

/** Sets without ids; each set's items in list order (`sort_order` ASC, `updated_at` DESC, `id` DESC). */
async function loadReferenceSets(db: KromaDb, projectId: string): Promise<TReferenceSets> {
  const sets = await db
    .selectFrom('reference_sets')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const items = await db
    .selectFrom('reference_set_items')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('sort_order', 'asc')
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const itemsBySet = new Map<string, TReferenceSets[number]['items']>();
  for (const row of items) {
    const item = toReferenceSetItem(row);
    const list = itemsBySet.get(item.reference_set_id) ?? [];
    list.push({
      label: item.label,
      content_uri: item.content_uri,
      content_text: item.content_text,
      sort_order: item.sort_order,
      metadata_json: item.metadata_json,
    });
    itemsBySet.set(item.reference_set_id, list);
  }
  return sets.map((set) => ({
    name: set.name,
    description: set.description ?? '',
    items: itemsBySet.get(set.id) ?? [],
  }));
}

/** The six settings sections of a project, in the API's list orders (§1.7). Secrets carry `has_value` only. */
export async function loadSettings(db: KromaDb, projectId: string): Promise<TBootstrapSettings> {
  const providerAccounts = await db
    .selectFrom('provider_accounts')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('provider_code', 'asc')
    .execute();
  const styleGuides = await db
    .selectFrom('style_guides')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const characters = await db
    .selectFrom('characters')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const promptTemplates = await db
    .selectFrom('prompt_templates')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const secrets = await db
    .selectFrom('project_secrets')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('provider_code', 'asc')
    .orderBy('secret_name', 'asc')
    .execute();
  return {
    provider_accounts: providerAccounts.map(toProviderAccount),
    style_guides: styleGuides.map(toStyleGuide),
    characters: characters.map(toCharacter),
    reference_sets: await loadReferenceSets(db, projectId),
    secrets: secrets.map((row) => {
      const { provider_code, secret_name, has_value } = toSecret(row);
      return { provider_code, secret_name, has_value };
    }),
    prompt_templates: promptTemplates.map(toPromptTemplate),
  };
}

export async function loadSnapshot(db: KromaDb, project: ProjectRow): Promise<TBootstrapSnapshot> {
  return { project: toBootstrapProject(project), settings: await loadSettings(db, project.id) };
}

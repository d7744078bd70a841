import { notFoundError, nowTimestamp, validationError, type TReferenceSetItem, type TReferenceSetItemBody } from '@kroma/contract';
import type { KromaDb, KromaStore } from '../store.js';
import { newId } from '../util/ids.js';
import { blankToNull, nonBlank, provided, requireText, trimmed } from '../util/input.js';
import { toJsonText } from '../util/json.js';
import { toReferenceSetItem } from './mappers.js';
import { requireAnyField } from './named-entities.js';
import { requireProject } from './project-lookup.js';
import { REFERENCE_SET_NOT_FOUND } from './reference-sets.js';

export const REFERENCE_SET_ITEM_NOT_FOUND = 'Reference set item not found';
const NEEDS_CONTENT = 'Provide at least one of: content_uri, content_text';
const ITEM_FIELDS = ['label', 'content_uri', 'content_text', 'sort_order', 'metadata_json'] as const;

const hasText = (value: string | null): boolean => (value ?? '').trim() !== '';

/** The set's project, then the set itself; both answer `Reference set not found`. */
async function requireSet(db: KromaDb, slug: string, setId: string) {
  const project = await requireProject(db, slug, REFERENCE_SET_NOT_FOUND);
  const set = await db
    .selectFrom('reference_sets')
    .select(['id', 'project_id'])
    .where('project_id', '=', project.id)
    .where('id', '=', setId)
    .executeTakeFirst();
  if (!set) throw notFoundError(REFERENCE_SET_NOT_FOUND);
  return set;
}

/** Items are addressed through their set: a missing project, set or item all answer `Reference set item not found`. */
async function requireItem(db: KromaDb, slug: string, setId: string, itemId: string) {
  const project = await requireProject(db, slug, REFERENCE_SET_ITEM_NOT_FOUND);
  const item = await db
    .selectFrom('reference_set_items')
    .selectAll()
    .where('project_id', '=', project.id)
    .where('reference_set_id', '=', setId)
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!item) throw notFoundError(REFERENCE_SET_ITEM_NOT_FOUND);
  return item;
}

export async function listReferenceSetItems(store: KromaStore, slug: string, setId: string): Promise<TReferenceSetItem[]> {
  const set = await requireSet(store.db, slug, setId);
  const rows = await store.db
    .selectFrom('reference_set_items')
    .selectAll()
    .where('project_id', '=', set.project_id)
    .where('reference_set_id', '=', set.id)
    .orderBy('sort_order', 'asc')
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toReferenceSetItem);
}

/** Always inserts (no upsert, no duplicate check); the body is checked before any lookup. */
export async function createReferenceSetItem(
  store: KromaStore,
  slug: string,
  setId: string,
  body: TReferenceSetItemBody,
): Promise<TReferenceSetItem> {
  const label = requireText(body.label, 'label');
  const contentUri = nonBlank(body.content_uri) ?? null;
  const contentText = nonBlank(body.content_text) ?? null;
  if (contentUri === null && contentText === null) throw validationError(NEEDS_CONTENT);
  return store.db.transaction().execute(async (trx) => {
    const set = await requireSet(trx, slug, setId);
    const now = nowTimestamp();
    const id = newId();
    await trx
      .insertInto('reference_set_items')
      .values({
        id,
        project_id: set.project_id,
        reference_set_id: set.id,
        label,
        content_uri: contentUri,
        content_text: contentText,
        sort_order: body.sort_order ?? 0,
        metadata_json: toJsonText(body.metadata_json ?? undefined),
        created_at: now,
        updated_at: now,
      })
      .execute();
    return toReferenceSetItem(await requireItem(trx, slug, set.id, id));
  });
}

export async function getReferenceSetItem(
  store: KromaStore,
  slug: string,
  setId: string,
  itemId: string,
): Promise<TReferenceSetItem> {
  return toReferenceSetItem(await requireItem(store.db, slug, setId, itemId));
}

/** Partial update; the merged item must still carry a `content_uri` or a `content_text`. */
export async function updateReferenceSetItem(
  store: KromaStore,
  slug: string,
  setId: string,
  itemId: string,
  body: TReferenceSetItemBody,
): Promise<TReferenceSetItem> {
  requireAnyField(body, ITEM_FIELDS);
  return store.db.transaction().execute(async (trx) => {
    const item = await requireItem(trx, slug, setId, itemId);
    const changes: {
      label?: string;
      content_uri?: string | null;
      content_text?: string | null;
      sort_order?: number;
      metadata_json?: string;
    } = {};
    if (provided(body.label)) changes.label = requireText(body.label, 'label');
    if (provided(body.content_uri)) changes.content_uri = blankToNull(trimmed(body.content_uri));
    if (provided(body.content_text)) changes.content_text = blankToNull(trimmed(body.content_text));
    if (provided(body.sort_order)) changes.sort_order = body.sort_order;
    if (provided(body.metadata_json)) changes.metadata_json = toJsonText(body.metadata_json);
    const mergedUri = changes.content_uri === undefined ? item.content_uri : changes.content_uri;
    const mergedText = changes.content_text === undefined ? item.content_text : changes.content_text;
    if (!hasText(mergedUri) && !hasText(mergedText)) throw validationError(NEEDS_CONTENT);
    await trx
      .updateTable('reference_set_items')
      .set({ ...changes, updated_at: nowTimestamp() })
      .where('id', '=', item.id)
      .execute();
    return toReferenceSetItem(await requireItem(trx, slug, setId, itemId));
  });
}

/** Returns the deleted id. */
export async function deleteReferenceSetItem(store: KromaStore, slug: string, setId: string, itemId: string): Promise<string> {
  return store.db.transaction().execute(async (trx) => {
    const item = await requireItem(trx, slug, setId, itemId);
    await trx.deleteFrom('reference_set_items').where('id', '=', item.id).execute();
    return item.id;
  });
}

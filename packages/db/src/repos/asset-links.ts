import {
  ASSET_LINK_TYPES,
  notFoundError,
  nowTimestamp,
  validationError,
  type TAssetLink,
  type TAssetLinkBody,
  type TAssetLinkType,
} from '@kroma/contract';
import type { Selectable } from 'kysely';
import type { AssetLinkTable } from '../schema/database.js';
import type { KromaDb, KromaStore } from '../store.js';
import { newId } from '../util/ids.js';
import { nonBlank, provided, requireText } from '../util/input.js';
import { assetBelongsToProject } from './assets.js';
import { requireProject } from './project-lookup.js';

export const ASSET_LINK_NOT_FOUND = 'Asset link not found';
export const DEFAULT_ASSET_LINK_TYPE: TAssetLinkType = 'derived_from';
export const ASSET_LINK_EXISTS = 'Asset link already exists';
const LINK_FIELDS = ['parent_asset_id', 'child_asset_id', 'link_type'] as const;

const toAssetLink = (row: Selectable<AssetLinkTable>): TAssetLink => ({
  id: row.id,
  project_id: row.project_id,
  parent_asset_id: row.parent_asset_id,
  child_asset_id: row.child_asset_id,
  link_type: row.link_type,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

/** Trimmed and lower-cased (ASCII, as the original); blank → `is required`, unknown → the enum message. */
export function normalizeLinkType(raw: string): TAssetLinkType {
  const text = raw.trim().replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  if (text === '') throw validationError("Field 'link_type' is required");
  const match = ASSET_LINK_TYPES.find((type) => type === text);
  if (match === undefined) throw validationError(`Field 'link_type' must be one of: ${ASSET_LINK_TYPES.join(', ')}`);
  return match;
}

function requireDistinct(parentId: string, childId: string): void {
  if (parentId === childId) throw validationError('parent_asset_id and child_asset_id must differ');
}

/** Both ends must be assets of the project, and (project, parent, child, type) must be free (bar the link itself). */
async function checkLinkTargets(
  db: KromaDb,
  projectId: string,
  link: { parentId: string; childId: string; linkType: string },
  ownId?: string,
): Promise<void> {
  for (const assetId of [link.parentId, link.childId]) {
    if (!(await assetBelongsToProject(db, projectId, assetId))) {
      throw validationError(`Asset '${assetId}' was not found in this project`);
    }
  }
  let clash = db
    .selectFrom('asset_links')
    .select('id')
    .where('project_id', '=', projectId)
    .where('parent_asset_id', '=', link.parentId)
    .where('child_asset_id', '=', link.childId)
    .where('link_type', '=', link.linkType);
  if (ownId !== undefined) clash = clash.where('id', '<>', ownId);
  if (await clash.executeTakeFirst()) throw validationError(ASSET_LINK_EXISTS);
}

async function requireLink(db: KromaDb, slug: string, linkId: string) {
  const project = await requireProject(db, slug, ASSET_LINK_NOT_FOUND);
  const row = await db
    .selectFrom('asset_links')
    .selectAll()
    .where('id', '=', linkId)
    .where('project_id', '=', project.id)
    .executeTakeFirst();
  if (!row) throw notFoundError(ASSET_LINK_NOT_FOUND);
  return row;
}

const findLink = (db: KromaDb, id: string) =>
  db.selectFrom('asset_links').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** `asset_id` matches either end (blank is ignored); a sent `link_type` is validated. Newest update first. */
export async function listAssetLinks(
  store: KromaStore,
  slug: string,
  filter: { asset_id?: string; link_type?: string },
): Promise<TAssetLink[]> {
  const project = await requireProject(store.db, slug);
  let query = store.db.selectFrom('asset_links').selectAll().where('project_id', '=', project.id);
  const assetId = nonBlank(filter.asset_id);
  if (assetId !== undefined) {
    query = query.where((eb) => eb.or([eb('parent_asset_id', '=', assetId), eb('child_asset_id', '=', assetId)]));
  }
  if (filter.link_type !== undefined) query = query.where('link_type', '=', normalizeLinkType(filter.link_type));
  const rows = await query.orderBy('updated_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toAssetLink);
}

/** Body checks first (required ids, distinct ends, link type), then the project (404), then the assets and uniqueness. */
export async function createAssetLink(store: KromaStore, slug: string, body: TAssetLinkBody): Promise<TAssetLink> {
  const parentId = requireText(body.parent_asset_id, 'parent_asset_id');
  const childId = requireText(body.child_asset_id, 'child_asset_id');
  requireDistinct(parentId, childId);
  const linkType = provided(body.link_type) ? normalizeLinkType(body.link_type) : DEFAULT_ASSET_LINK_TYPE;

  return store.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, slug);
    await checkLinkTargets(trx, project.id, { parentId, childId, linkType });
    const id = newId();
    const now = nowTimestamp();
    await trx
      .insertInto('asset_links')
      .values({
        id,
        project_id: project.id,
        parent_asset_id: parentId,
        child_asset_id: childId,
        link_type: linkType,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return toAssetLink(await findLink(trx, id));
  });
}

export async function getAssetLink(store: KromaStore, slug: string, linkId: string): Promise<TAssetLink> {
  return toAssetLink(await requireLink(store.db, slug, linkId));
}

/** Partial update: "at least one field" (before any lookup) → 404s → field checks on the merged values → uniqueness. */
export async function updateAssetLink(
  store: KromaStore,
  slug: string,
  linkId: string,
  body: TAssetLinkBody,
): Promise<TAssetLink> {
  if (!LINK_FIELDS.some((field) => provided(body[field]))) {
    throw validationError(`Provide at least one of: ${LINK_FIELDS.join(', ')}`);
  }
  return store.db.transaction().execute(async (trx) => {
    const existing = await requireLink(trx, slug, linkId);
    const parentId = provided(body.parent_asset_id)
      ? requireText(body.parent_asset_id, 'parent_asset_id')
      : existing.parent_asset_id;
    const childId = provided(body.child_asset_id) ? requireText(body.child_asset_id, 'child_asset_id') : existing.child_asset_id;
    requireDistinct(parentId, childId);
    const linkType = provided(body.link_type) ? normalizeLinkType(body.link_type) : existing.link_type;
    await checkLinkTargets(trx, existing.project_id, { parentId, childId, linkType }, existing.id);
    await trx
      .updateTable('asset_links')
      .set({ parent_asset_id: parentId, child_asset_id: childId, link_type: linkType, updated_at: nowTimestamp() })
      .where('id', '=', existing.id)
      .execute();
    return toAssetLink(await findLink(trx, existing.id));
  });
}

/** Returns the deleted link's id. */
export async function deleteAssetLink(store: KromaStore, slug: string, linkId: string): Promise<string> {
  return store.db.transaction().execute(async (trx) => {
    const existing = await requireLink(trx, slug, linkId);
    await trx.deleteFrom('asset_links').where('id', '=', existing.id).execute();
    return existing.id;
  });
}

import { notFoundError, type TAsset } from '@kroma/contract';
import type { KromaDb, KromaStore } from '../store.js';
import { listNewestFirst } from './newest-first.js';
import { requireProject } from './project-lookup.js';
import { toAsset } from './run-mappers.js';

export const ASSET_NOT_FOUND = 'Asset not found';
export const ASSETS_LIMIT = { fallback: 500, max: 2000 } as const;

/** Newest first (ties by id DESC); `limit` is clamped, never rejected. */
export async function listAssets(store: KromaStore, slug: string, rawLimit?: string): Promise<TAsset[]> {
  return (await listNewestFirst(store, 'assets', slug, rawLimit, ASSETS_LIMIT)).map(toAsset);
}

/** The asset of this project, or 404 `Asset not found` (also when the project itself is missing). */
export async function getAsset(store: KromaStore, slug: string, assetId: string): Promise<TAsset> {
  const project = await requireProject(store.db, slug, ASSET_NOT_FOUND);
  const row = await store.db
    .selectFrom('assets')
    .selectAll()
    .where('id', '=', assetId)
    .where('project_id', '=', project.id)
    .executeTakeFirst();
  if (!row) throw notFoundError(ASSET_NOT_FOUND);
  return toAsset(row);
}

/** Assets are referenced by id only within their own project. */
export async function assetBelongsToProject(db: KromaDb, projectId: string, assetId: string): Promise<boolean> {
  const row = await db
    .selectFrom('assets')
    .select('id')
    .where('id', '=', assetId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row !== undefined;
}

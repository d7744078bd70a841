import { normalizeSlug, nowTimestamp, notFoundError, validationError } from '@kroma/contract';
import type { KromaDb } from '../../store.js';
import { newId } from '../../util/ids.js';
import { findProjectBySlug, PROJECT_NOT_FOUND, type ProjectRow } from '../project-lookup.js';
import { ensureStorageRow } from '../storage.js';
import { ensureUser, LOCAL_DISPLAY_NAME, LOCAL_USERNAME } from '../users.js';

export function ingestSlugOf(raw: string): string {
  const slug = normalizeSlug(raw);
  if (slug === undefined) throw validationError('Invalid project slug');
  return slug;
}

/** The project, or — when allowed — a new one owned by user `local` with its default storage row (§8.3 step 1). */
export async function resolveIngestProject(db: KromaDb, slug: string, createIfMissing: boolean): Promise<ProjectRow> {
  const found = await findProjectBySlug(db, slug);
  if (found) return found;
  if (!createIfMissing) throw notFoundError(PROJECT_NOT_FOUND);
  const ownerId = await ensureUser(db, LOCAL_USERNAME, LOCAL_DISPLAY_NAME);
  const now = nowTimestamp();
  const project: ProjectRow = {
    id: newId(),
    user_id: ownerId,
    owner_user_id: ownerId,
    slug,
    name: slug,
    description: '',
    status: 'active',
    settings_json: '{}',
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('projects').values(project).execute();
  await ensureStorageRow(db, project);
  return project;
}

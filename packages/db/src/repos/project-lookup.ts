import { normalizeSlug, notFoundError } from '@kroma/contract';
import { sql, type Selectable } from 'kysely';
import type { ProjectTable } from '../schema/database.js';
import type { KromaDb } from '../store.js';
import { compiledQuery } from '../util/compiled-query.js';

export type ProjectRow = Selectable<ProjectTable>;

export const PROJECT_NOT_FOUND = 'Project not found';

/** Path slugs are normalized before lookup; the slug is effectively global, so the first match wins. */
export async function findProjectBySlug(db: KromaDb, rawSlug: string): Promise<ProjectRow | undefined> {
  const slug = normalizeSlug(rawSlug);
  if (slug === undefined) return undefined;
  return (await selectProjectBySlug(db, slug))[0];
}

const selectProjectBySlug = compiledQuery((db: KromaDb, slug: string) =>
  db.selectFrom('projects').selectAll().where('slug', '=', slug).orderBy('created_at', 'asc').orderBy('id', 'asc').limit(sql.lit(1)),
);

/**
 * The project or a 404. Entity routes pass their own message: the original answers e.g. `Run not found`
 * even when it is the project that is missing.
 */
export async function requireProject(db: KromaDb, rawSlug: string, message = PROJECT_NOT_FOUND): Promise<ProjectRow> {
  const project = await findProjectBySlug(db, rawSlug);
  if (!project) throw notFoundError(message);
  return project;
}

export const ownerOf = (project: ProjectRow): string => project.owner_user_id ?? project.user_id;

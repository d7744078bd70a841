import { notFoundError } from '@kroma/contract';
import type { KromaDb } from '../store.js';
import { requireProject } from './project-lookup.js';

export const RUN_NOT_FOUND = 'Run not found';

/** The run of this project with its project, or 404 `Run not found` (also when the project itself is missing). */
export async function requireRun(db: KromaDb, slug: string, runId: string) {
  const project = await requireProject(db, slug, RUN_NOT_FOUND);
  const run = await db
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', runId)
    .where('project_id', '=', project.id)
    .executeTakeFirst();
  if (!run) throw notFoundError(RUN_NOT_FOUND);
  return { project, run };
}

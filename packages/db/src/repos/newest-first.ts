import type { Selectable } from 'kysely';
import type { KromaDatabase } from '../schema/database.js';
import type { KromaStore } from '../store.js';
import { clampLimit } from '../util/input.js';
import { requireProject } from './project-lookup.js';
import { orBlank } from './run-mappers.js';

/** The project tables listed newest first: runs, assets, quality reports, cost events, exports. */
export type TProjectLedgerTable = 'runs' | 'assets' | 'quality_reports' | 'cost_events' | 'project_exports';

/** `runId` narrows a ledger that has a `run_id` column to one run; blank means every run. */
export type TLedgerFilter<T extends TProjectLedgerTable> = T extends 'runs' ? { runId?: never } : { runId?: string };

/**
 * A project's rows newest first, ties by id DESC (a NULL `created_at` sorts last); `limit` is clamped to
 * `1..max`, never rejected. 404 `Project not found` for an unknown project; a run id that is not the project's
 * simply matches nothing.
 */
export async function listNewestFirst<T extends TProjectLedgerTable>(
  store: KromaStore,
  table: T,
  slug: string,
  rawLimit: string | undefined,
  limits: { fallback: number; max: number },
  filter?: TLedgerFilter<T>,
): Promise<Array<Selectable<KromaDatabase[T]>>> {
  const project = await requireProject(store.db, slug);
  const runId = filter?.runId?.trim();
  let query = store.db
    .selectFrom(table as TProjectLedgerTable)
    .selectAll()
    .where('project_id', '=', project.id);
  if (runId) query = query.where('run_id' as 'project_id', '=', runId);
  const rows = await query
    .orderBy(orBlank('created_at'), 'desc')
    .orderBy('id', 'desc')
    .limit(clampLimit(rawLimit, limits.fallback, limits.max))
    .execute();
  return rows as unknown as Array<Selectable<KromaDatabase[T]>>;
}

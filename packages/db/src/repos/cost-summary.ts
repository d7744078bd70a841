import type { TCostBucket, TCostSummary } from '@kroma/contract';
import { sql } from 'kysely';
import type { KromaDb, KromaStore } from '../store.js';
import { requireProject } from './project-lookup.js';
import { requireRun } from './run-lookup.js';

type TCostDimension = 'event_type' | 'provider_code' | 'model_name' | 'run_id';

interface TScope {
  projectId: string;
  runId?: string;
}

/** Sums are rounded here rather than in SQL: PostgreSQL's round() takes no precision for double precision. */
const usd = (value: unknown): number => Math.round(Number(value ?? 0) * 1e6) / 1e6;

function costEventsOf(db: KromaDb, scope: TScope) {
  const query = db.selectFrom('cost_events').where('project_id', '=', scope.projectId);
  return scope.runId === undefined ? query : query.where('run_id', '=', scope.runId);
}

async function totalsOf(db: KromaDb, scope: TScope) {
  const row = await costEventsOf(db, scope)
    .select((eb) => [
      eb.fn.countAll().as('events'),
      eb.fn.sum('total_cost_usd').as('total'),
      eb.fn.count('run_id').distinct().as('runs'),
      eb.fn.min('created_at').as('first'),
      eb.fn.max('created_at').as('last'),
    ])
    .executeTakeFirstOrThrow();
  return {
    events: Number(row.events),
    total_usd: usd(row.total),
    runs: Number(row.runs),
    first_event_at: row.first ?? '',
    last_event_at: row.last ?? '',
  };
}

/** One bucket per value of the column (NULL and "" together as ""), largest total first, then by key. */
async function bucketsOf(db: KromaDb, scope: TScope, dimension: TCostDimension): Promise<TCostBucket[]> {
  const key = sql<string>`coalesce(${sql.ref(dimension)}, '')`;
  const rows = await costEventsOf(db, scope)
    .select((eb) => [
      key.as('key'),
      eb.fn.countAll().as('events'),
      eb.fn.sum('units').as('units'),
      eb.fn.sum('total_cost_usd').as('total'),
    ])
    .groupBy(key)
    .execute();
  return rows
    .map((row) => ({ key: row.key, events: Number(row.events), units: usd(row.units), total_usd: usd(row.total) }))
    .sort((a, b) => b.total_usd - a.total_usd || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function summarize(db: KromaDb, scope: TScope): Promise<TCostSummary> {
  return {
    currency: 'USD',
    ...(await totalsOf(db, scope)),
    by_event_type: await bucketsOf(db, scope, 'event_type'),
    by_provider: await bucketsOf(db, scope, 'provider_code'),
    by_model: await bucketsOf(db, scope, 'model_name'),
    by_run: scope.runId === undefined ? await bucketsOf(db, scope, 'run_id') : [],
  };
}

/** The project's cost ledger summed (404 `Project not found`); with `runId`, only that run (404 `Run not found`). */
export async function costSummary(store: KromaStore, slug: string, runId?: string): Promise<TCostSummary> {
  if (runId === undefined) {
    const project = await requireProject(store.db, slug);
    return summarize(store.db, { projectId: project.id });
  }
  const { project, run } = await requireRun(store.db, slug, runId);
  return summarize(store.db, { projectId: project.id, runId: run.id });
}

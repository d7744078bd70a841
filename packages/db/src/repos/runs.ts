import type { TRunCandidate, TRunJob, TRunSummary } from '@kroma/contract';
import { sql } from 'kysely';
import type { KromaDb, KromaStore } from '../store.js';
import { listNewestFirst } from './newest-first.js';
import { requireProject } from './project-lookup.js';
import { requireRun } from './run-lookup.js';
import { orBlank, toRunCandidate, toRunJob, toRunSummary } from './run-mappers.js';
import { loadStorage } from './storage.js';

export { RUN_NOT_FOUND } from './run-lookup.js';
export const RUNS_LIMIT = { fallback: 200, max: 1000 } as const;

/** Newest first (ties by id DESC); `limit` is clamped, never rejected. */
export async function listRuns(store: KromaStore, slug: string, rawLimit?: string): Promise<TRunSummary[]> {
  return (await listNewestFirst(store, 'runs', slug, rawLimit, RUNS_LIMIT)).map(toRunSummary);
}

async function requireRunRow(db: KromaDb, slug: string, runId: string) {
  return (await requireRun(db, slug, runId)).run;
}

/** Jobs oldest first, in run-log order within one ingest (ties by id ASC), candidates by candidate_index. */
async function loadJobs(db: KromaDb, runId: string): Promise<TRunJob[]> {
  const jobs = await db
    .selectFrom('run_jobs')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy(orBlank('created_at'), 'asc')
    .orderBy(sql`coalesce(seq, 0)`, 'asc')
    .orderBy('id', 'asc')
    .execute();
  const candidates = await db
    .selectFrom('run_candidates as c')
    .innerJoin('run_jobs as j', 'j.id', 'c.job_id')
    .selectAll('c')
    .where('j.run_id', '=', runId)
    .orderBy(sql`coalesce(c.candidate_index, 0)`, 'asc')
    .orderBy('c.id', 'asc')
    .execute();
  const byJob = new Map<string, TRunCandidate[]>();
  for (const row of candidates) {
    const list = byJob.get(row.job_id) ?? [];
    list.push(toRunCandidate(row));
    byJob.set(row.job_id, list);
  }
  return jobs.map((job) => toRunJob(job, byJob.get(job.id) ?? []));
}

export async function getRunDetail(store: KromaStore, slug: string, runId: string) {
  const run = await requireRunRow(store.db, slug, runId);
  return { run: toRunSummary(run), jobs: await loadJobs(store.db, run.id) };
}

export async function listRunJobs(store: KromaStore, slug: string, runId: string): Promise<TRunJob[]> {
  const run = await requireRunRow(store.db, slug, runId);
  return loadJobs(store.db, run.id);
}

/** What a pipeline trigger runs against: the project (404 `Project not found`) and its resolved storage root. */
export async function loadTriggerTarget(store: KromaStore, slug: string) {
  const project = await requireProject(store.db, slug);
  const storage = await loadStorage(store, store.db, project);
  return { projectSlug: project.slug, projectId: project.id, projectRoot: storage.local.project_root };
}

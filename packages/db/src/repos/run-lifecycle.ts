import { resolve } from 'node:path';
import { notFoundError, nowTimestamp, type TRunProgress, type TRunSummary } from '@kroma/contract';
import { sql, type Selectable } from 'kysely';
import type { RunTable } from '../schema/database.js';
import type { KromaDb, KromaStore } from '../store.js';
import { compiledQuery } from '../util/compiled-query.js';
import { blankToNull } from '../util/input.js';
import { relativeRunLogPath } from './ingest/load-run-log.js';
import { requireRun } from './run-lookup.js';
import { runProgressOf, toRunSummary } from './run-mappers.js';
import { finishedAtFor } from './run-states.js';
import { loadStorage } from './storage.js';

export const JOB_NOT_FOUND = 'Job not found';

/** A run the server has accepted but not yet ingested. */
export interface TNewRunRecord {
  id: string;
  projectId: string;
  /** Absolute or app-root-relative; stored as ingest stores it (app-relative with `/`, or absolute outside). */
  runLogPath: string;
  mode: 'dry' | 'run';
  stage: string;
  time: string;
  weather: string;
  model: string;
  size: string;
  quality: string;
  /** The validated trigger body, kept for replay / remix. */
  trigger: Record<string, unknown>;
  progress: TRunProgress;
}

/** Inserts the run row (status = progress.status) before any work starts, so its id can be returned at once. */
export async function createRunRecord(store: KromaStore, record: TNewRunRecord): Promise<TRunSummary> {
  const now = nowTimestamp();
  const status = record.progress.status;
  const row: Selectable<RunTable> = {
    id: record.id,
    project_id: record.projectId,
    status,
    stage: blankToNull(record.stage),
    created_at: now,
    run_log_path: relativeRunLogPath(store.appRoot, resolve(store.appRoot, record.runLogPath)),
    run_mode: record.mode,
    mode: record.mode,
    time_of_day: blankToNull(record.time),
    weather: blankToNull(record.weather),
    image_size: blankToNull(record.size),
    image_quality: blankToNull(record.quality),
    model_name: blankToNull(record.model),
    model: blankToNull(record.model),
    provider_code: null,
    started_at: status === 'running' ? now : null,
    finished_at: finishedAtFor(status, now),
    settings_snapshot_json: null,
    meta_json: null,
    progress_json: JSON.stringify(record.progress),
    trigger_json: JSON.stringify(record.trigger),
    updated_at: now,
  };
  await store.db.insertInto('runs').values(row).execute();
  return toRunSummary(row);
}

// Called a few times a second per running run: compiled once (see compiledQuery).
const updateRunProgress = compiledQuery(
  (db: KromaDb, status: string, progressJson: string, updatedAt: string, startedAt: string | null, finishedAt: string | null, runId: string) =>
    db
      .updateTable('runs')
      .set({
        status,
        progress_json: progressJson,
        updated_at: updatedAt,
        started_at: sql<string | null>`coalesce(started_at, ${startedAt})`,
        finished_at: finishedAt,
      })
      .where('id', '=', runId),
);

/**
 * Stores live progress: `status` = progress.status, the progress JSON, `started_at` the first time it runs,
 * `finished_at` when it reaches a final state. Cheap enough to call a few times a second.
 */
export async function saveRunProgress(store: KromaStore, runId: string, progress: TRunProgress): Promise<void> {
  const now = nowTimestamp();
  const startedAt = progress.status === 'running' ? now : null;
  await updateRunProgress(store.db, progress.status, JSON.stringify(progress), now, startedAt, finishedAtFor(progress.status, now), runId);
}

/** At startup: every `queued`/`running` run becomes `interrupted` (with `reason` as its progress error). Returns their ids. */
export async function markInterruptedRuns(store: KromaStore, reason: string): Promise<string[]> {
  return store.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('runs')
      .selectAll()
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    const now = nowTimestamp();
    for (const row of rows) {
      const progress: TRunProgress = { ...runProgressOf(row), status: 'interrupted', error: reason, updated_at: now };
      await trx
        .updateTable('runs')
        .set({ status: 'interrupted', progress_json: JSON.stringify(progress), updated_at: now })
        .where('id', '=', row.id)
        .execute();
    }
    return rows.map((row) => row.id);
  });
}

/** What replay, resume, cancel and regenerate need about a run (404 `Run not found`). */
export interface TRunControl {
  run: TRunSummary;
  projectId: string;
  projectSlug: string;
  /** The project's resolved storage root (absolute). */
  projectRoot: string;
  /** Absolute path of the run log. */
  runLogPath: string;
  /** The stored trigger body, or null for runs not started through the API (CLI runs ingested later). */
  trigger: Record<string, unknown> | null;
}

/** The stored trigger object; NULL, unparsable or non-object text is "no trigger". */
function triggerOf(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function loadRunControl(store: KromaStore, slug: string, runId: string): Promise<TRunControl> {
  const { project, run } = await requireRun(store.db, slug, runId);
  const storage = await loadStorage(store, store.db, project);
  return {
    run: toRunSummary(run),
    projectId: project.id,
    projectSlug: project.slug,
    projectRoot: storage.local.project_root,
    runLogPath: run.run_log_path ? resolve(store.appRoot, run.run_log_path) : '',
    trigger: triggerOf(run.trigger_json),
  };
}

/** The run-log job id (`job_key`) of a job given by row id or by key; 404 `Job not found`. */
export async function findRunJobKey(store: KromaStore, runId: string, jobIdOrKey: string): Promise<string> {
  const rows = await store.db
    .selectFrom('run_jobs')
    .select(['id', 'job_key'])
    .where('run_id', '=', runId)
    .where((eb) => eb.or([eb('id', '=', jobIdOrKey), eb('job_key', '=', jobIdOrKey)]))
    .execute();
  const match = rows.find((row) => row.id === jobIdOrKey) ?? rows.find((row) => row.job_key === jobIdOrKey);
  if (!match?.job_key) throw notFoundError(JOB_NOT_FOUND);
  return match.job_key;
}

import type { TRunLog, TRunProgress } from '@kroma/contract';
import type { KromaDb } from '../../store.js';
import { newId } from '../../util/ids.js';
import { finishedAtFor } from '../run-states.js';

/**
 * The existing run of this log keeps its id (the original issued a new one on every ingest); a new run takes
 * the log's own `run_id` when no run has it yet.
 */
export async function runIdFor(db: KromaDb, projectId: string, relPath: string, logRunId: string | undefined) {
  const existing = await db
    .selectFrom('runs')
    .select('id')
    .where('project_id', '=', projectId)
    .where('run_log_path', '=', relPath)
    .orderBy('created_at', 'asc')
    .executeTakeFirst();
  if (existing) return { id: existing.id, exists: true };
  if (logRunId) {
    const taken = await db.selectFrom('runs').select('id').where('id', '=', logRunId).executeTakeFirst();
    if (!taken) return { id: logRunId, exists: false };
  }
  return { id: newId(), exists: false };
}

/** The columns ingest owns; `started_at` and `trigger_json` (set while the server ran it) are left alone. */
function runColumnsOf(log: TRunLog, progress: TRunProgress, now: string) {
  const snapshot = JSON.stringify({
    timestamp: log.timestamp,
    generation: log.generation,
    postprocess: log.postprocess,
    output_guard: log.output_guard,
  });
  return {
    run_mode: log.mode,
    mode: log.mode,
    stage: log.stage,
    time_of_day: log.time,
    weather: log.weather,
    model_name: log.model,
    model: log.model,
    image_size: log.size,
    image_quality: log.quality,
    status: progress.status,
    settings_snapshot_json: snapshot,
    meta_json: snapshot,
    progress_json: JSON.stringify(progress),
    finished_at: finishedAtFor(progress.status, now),
    updated_at: now,
  };
}

export async function writeRunRow(
  db: KromaDb,
  run: { id: string; exists: boolean; projectId: string; relPath: string },
  log: TRunLog,
  progress: TRunProgress,
  now: string,
): Promise<void> {
  const columns = runColumnsOf(log, progress, now);
  if (run.exists) {
    await db.updateTable('runs').set(columns).where('id', '=', run.id).execute();
  } else {
    await db
      .insertInto('runs')
      .values({ id: run.id, project_id: run.projectId, run_log_path: run.relPath, created_at: now, ...columns })
      .execute();
  }
}

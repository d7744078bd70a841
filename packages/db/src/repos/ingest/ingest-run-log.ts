import { nowTimestamp, type TRunLog } from '@kroma/contract';
import type { KromaDb, KromaStore } from '../../store.js';
import { newId } from '../../util/ids.js';
import { IngestAssetRegistry, type TExistingAsset } from './asset-registry.js';
import { costRowsOf } from './cost-rows.js';
import { inspectFiles } from './hash-files.js';
import { ingestSlugOf, resolveIngestProject } from './ingest-project.js';
import { jobRowsOf } from './job-rows.js';
import { loadRunLog } from './load-run-log.js';
import { runStatusOf } from './run-status.js';
import type { TIngestInput, TIngestResult } from './types.js';
import { clearRunChildren, writeRunRows } from './write-rows.js';

function assetPathsOf(log: TRunLog): string[] {
  const paths: string[] = [];
  for (const job of log.jobs) {
    if (job.output) paths.push(job.output);
    if (job.final_output) paths.push(job.final_output);
    for (const candidate of job.candidates ?? []) {
      paths.push(candidate.output);
      if (candidate.final_output) paths.push(candidate.final_output);
    }
  }
  return paths.filter((path) => path !== '');
}

/** One query for the whole project: path (storage_uri and rel_path) → the oldest asset at that path. */
async function existingAssetsOf(db: KromaDb, projectId: string): Promise<Map<string, TExistingAsset>> {
  const rows = await db
    .selectFrom('assets')
    .select(['id', 'storage_uri', 'rel_path', 'sha256'])
    .where('project_id', '=', projectId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  const byPath = new Map<string, TExistingAsset>();
  for (const row of rows) {
    for (const path of [row.storage_uri, row.rel_path]) {
      if (path && !byPath.has(path)) byPath.set(path, { id: row.id, sha256: row.sha256 });
    }
  }
  return byPath;
}

/**
 * The existing run of this log keeps its id (the original issued a new one on every ingest); a new run takes
 * the log's own `run_id` when no run has it yet.
 */
async function runIdFor(db: KromaDb, projectId: string, relPath: string, logRunId: string | undefined) {
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

function runColumnsOf(log: TRunLog, status: string) {
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
    status,
    settings_snapshot_json: snapshot,
    meta_json: snapshot,
  };
}

/** Run log → runs, jobs, candidates, assets, links, quality reports and cost events, in one transaction (§8.3). */
export async function ingestRunLog(store: KromaStore, input: TIngestInput): Promise<TIngestResult> {
  const { log, relPath } = await loadRunLog(store.appRoot, input.runLogPath, input.log);
  const slug = ingestSlugOf(input.projectSlug ?? log.project);
  const files = await inspectFiles(store.appRoot, assetPathsOf(log), input.computeHashes !== false);
  const status = runStatusOf(log.jobs);

  return store.db.transaction().execute(async (trx) => {
    const project = await resolveIngestProject(trx, slug, input.createProjectIfMissing === true);
    const now = nowTimestamp();
    const run = await runIdFor(trx, project.id, relPath, log.run_id);
    const columns = runColumnsOf(log, status);
    if (run.exists) {
      await clearRunChildren(trx, run.id);
      await trx.updateTable('runs').set(columns).where('id', '=', run.id).execute();
    } else {
      await trx
        .insertInto('runs')
        .values({ id: run.id, project_id: project.id, run_log_path: relPath, created_at: now, ...columns })
        .execute();
    }
    const context = { projectId: project.id, runId: run.id, now };
    const assets = new IngestAssetRegistry({ ...context, existing: await existingAssetsOf(trx, project.id), files });
    const rows = jobRowsOf(log, { ...context, assets });
    const costs = costRowsOf(log, { ...context, runModel: log.model });
    await writeRunRows(trx, { ...rows, assets: assets.rows(), costs });
    return {
      project_slug: project.slug,
      run_id: run.id,
      run_log_path: relPath,
      jobs: rows.jobs.length,
      candidates: rows.candidates.length,
      assets_upserted: assets.upsertCalls,
      quality_reports_written: rows.reports.length,
      cost_events_written: costs.length,
      status,
    };
  });
}

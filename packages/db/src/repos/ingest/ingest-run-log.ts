import { nowTimestamp } from '@kroma/contract';
import type { KromaDb, KromaStore } from '../../store.js';
import { AscendingIds } from '../../util/ids.js';
import { IngestAssetRegistry, type TExistingAsset } from './asset-registry.js';
import { costRowsOf } from './cost-rows.js';
import { inspectFiles } from './hash-files.js';
import { ingestSlugOf, resolveIngestProject } from './ingest-project.js';
import { runReportOf } from './job-rows.js';
import { RunLogFacts } from './log-facts.js';
import { openRunLogSource } from './run-log-source.js';
import { ingestProgressOf } from './run-progress.js';
import { runIdFor, writeRunRow } from './run-row.js';
import { ingestStatusOf } from './run-status.js';
import type { TIngestInput, TIngestResult } from './types.js';
import { writeJobs } from './write-jobs.js';
import { clearRunChildren, writeRunRows } from './write-rows.js';

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
 * Run log → runs, jobs, candidates, assets, links, quality reports and cost events, in one transaction (§8.3),
 * plus the run's final progress. The log is validated in full first; its rows are then built and written a
 * chunk of jobs at a time inside the transaction, so memory never holds the whole run twice.
 */
export async function ingestRunLog(store: KromaStore, input: TIngestInput): Promise<TIngestResult> {
  const facts = new RunLogFacts();
  const source = await openRunLogSource(store.appRoot, input.runLogPath, input.log, (job) => facts.add(job));
  const { log, relPath } = source;
  const slug = ingestSlugOf(input.projectSlug ?? log.project);
  const files = await inspectFiles(store.appRoot, facts.assetPaths, input.computeHashes !== false);
  facts.assetPaths.clear(); // a large run has tens of thousands; only the file checks needed them
  const status = ingestStatusOf(log, facts.jobsStatus());

  return store.db.transaction().execute(async (trx) => {
    const project = await resolveIngestProject(trx, slug, input.createProjectIfMissing === true);
    const now = nowTimestamp();
    const run = await runIdFor(trx, project.id, relPath, log.run_id);
    if (run.exists) await clearRunChildren(trx, run.id);
    const costs = costRowsOf(log, { projectId: project.id, runId: run.id, now, runModel: log.model });
    const progress = ingestProgressOf(log, status, facts.counts, costs, now);
    await writeRunRow(trx, { ...run, projectId: project.id, relPath }, log, progress, now);
    const existing = await existingAssetsOf(trx, project.id);
    const context = { projectId: project.id, runId: run.id, now, ids: new AscendingIds(facts.rowIds + files.pathCount) };
    const assets = new IngestAssetRegistry({ ...context, existing, files });
    const written = await writeJobs(trx, source, { ...context, assets });
    await writeRunRows(trx, { reports: [runReportOf(log, context)], costs });
    return {
      project_slug: project.slug,
      run_id: run.id,
      run_log_path: relPath,
      jobs: written.jobs,
      candidates: written.candidates,
      assets_upserted: assets.upsertCalls,
      quality_reports_written: written.reports + 1,
      cost_events_written: costs.length,
      status,
    };
  });
}

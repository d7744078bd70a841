import type { Insertable } from 'kysely';
import type {
  AssetLinkTable,
  AssetTable,
  CostEventTable,
  QualityReportTable,
  RunCandidateTable,
  RunJobTable,
} from '../../schema/database.js';
import type { KromaDb } from '../../store.js';
import { BatchInsert } from './batch-insert.js';
import type { TJobRows } from './job-rows.js';

type TColumns<T> = readonly (keyof Insertable<T> & string)[];

const JOB_COLUMNS: TColumns<RunJobTable> = [
  'id', 'run_id', 'seq', 'job_key', 'status', 'created_at', 'prompt_text', 'selected_candidate', 'selected_candidate_index',
  'final_output', 'final_asset_id', 'meta_json',
];
const LEGACY_CANDIDATE_COLUMNS: TColumns<RunCandidateTable> = [
  'id', 'job_id', 'candidate_index', 'status', 'output_path', 'final_output_path', 'rank_hard_failures',
  'rank_soft_warnings', 'rank_avg_chroma_exceed', 'meta_json', 'created_at',
];
const CANDIDATE_COLUMNS: TColumns<RunCandidateTable> = [...LEGACY_CANDIDATE_COLUMNS, 'output_asset_id', 'final_asset_id'];
/** Written on insert; on update everything but `id`/`project_id`, so width, height and storage_backend stay. */
const ASSET_COLUMNS: TColumns<AssetTable> = [
  'id', 'project_id', 'kind', 'asset_kind', 'storage_uri', 'rel_path', 'mime_type', 'sha256', 'run_id', 'job_id',
  'candidate_id', 'metadata_json', 'meta_json', 'created_at',
];
const ASSET_UPSERT = `on conflict ("id") do update set ${ASSET_COLUMNS.filter((c) => c !== 'id' && c !== 'project_id')
  .map((c) => `"${c}" = excluded."${c}"`)
  .join(', ')}`;
const LINK_COLUMNS: TColumns<AssetLinkTable> = [
  'id', 'project_id', 'parent_asset_id', 'child_asset_id', 'link_type', 'created_at', 'updated_at',
];
const LINK_DEDUPE = 'on conflict ("project_id", "parent_asset_id", "child_asset_id", "link_type") do nothing';
const REPORT_COLUMNS: TColumns<QualityReportTable> = [
  'id', 'project_id', 'run_id', 'asset_id', 'report_type', 'grade', 'hard_failures', 'soft_warnings',
  'avg_chroma_exceed', 'summary_json', 'meta_json', 'created_at',
];
const COST_COLUMNS: TColumns<CostEventTable> = [
  'id', 'project_id', 'run_id', 'job_id', 'provider_code', 'model_name', 'event_type', 'units', 'unit_cost_usd',
  'total_cost_usd', 'currency', 'meta_json', 'created_at',
];

const insertAssets = new BatchInsert<Insertable<AssetTable>>('assets', ASSET_COLUMNS, ASSET_UPSERT);
const insertJobs = new BatchInsert<Insertable<RunJobTable>>('run_jobs', JOB_COLUMNS);
const insertCandidates = new BatchInsert<Insertable<RunCandidateTable>>('run_candidates', CANDIDATE_COLUMNS);
const insertLegacyCandidates = new BatchInsert<Insertable<RunCandidateTable>>('run_job_candidates', LEGACY_CANDIDATE_COLUMNS);
const insertLinks = new BatchInsert<Insertable<AssetLinkTable>>('asset_links', LINK_COLUMNS, LINK_DEDUPE);
const insertReports = new BatchInsert<Insertable<QualityReportTable>>('quality_reports', REPORT_COLUMNS);
const insertCosts = new BatchInsert<Insertable<CostEventTable>>('cost_events', COST_COLUMNS);

/**
 * Everything a previous ingest of this run wrote, except the run row itself and the assets: one statement per
 * table. Candidates are deleted explicitly (databases made by the original have no cascading foreign keys); the
 * job_id and run_id indexes keep each statement, and the cascade checks of the job delete, to index lookups.
 */
export async function clearRunChildren(db: KromaDb, runId: string): Promise<void> {
  const jobIds = db.selectFrom('run_jobs').select('id').where('run_id', '=', runId);
  await db.deleteFrom('quality_reports').where('run_id', '=', runId).execute();
  await db.deleteFrom('cost_events').where('run_id', '=', runId).execute();
  await db.deleteFrom('run_candidates').where('job_id', 'in', jobIds).execute();
  await db.deleteFrom('run_job_candidates').where('job_id', 'in', jobIds).execute();
  await db.deleteFrom('run_jobs').where('run_id', '=', runId).execute();
}

/** One chunk of jobs: assets first (jobs and candidates point at them), jobs before their candidates. */
export async function writeJobChunk(db: KromaDb, rows: TJobRows, assets: Insertable<AssetTable>[]): Promise<void> {
  await insertAssets.insert(db, assets);
  await insertJobs.insert(db, rows.jobs);
  await insertCandidates.insert(db, rows.candidates);
  await insertLegacyCandidates.insert(db, rows.candidates);
  await insertLinks.insert(db, rows.links);
  await insertReports.insert(db, rows.reports);
}

/** The run's own rows: its run-level quality report and its cost events. */
export async function writeRunRows(
  db: KromaDb,
  rows: { reports: Insertable<QualityReportTable>[]; costs: Insertable<CostEventTable>[] },
): Promise<void> {
  await insertReports.insert(db, rows.reports);
  await insertCosts.insert(db, rows.costs);
}

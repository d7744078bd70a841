import type { TAsset, TRunCandidate, TRunJob, TRunProgress, TRunSummary } from '@kroma/contract';
import { sql, type Selectable } from 'kysely';
import type { AssetTable, RunCandidateTable, RunJobTable, RunTable } from '../schema/database.js';
import { parseJsonObject } from '../util/json.js';

/**
 * Rows written by run ingest → wire objects. Canonical/legacy column pairs are read canonical-first: a column
 * counts when it is non-NULL and, for text, non-blank; otherwise the next one is read.
 */

/** The first non-blank text among the columns, trimmed (as the original read these); "" when none. */
export function canonicalText(...columns: (string | null | undefined)[]): string {
  for (const value of columns) {
    const text = value?.trim();
    if (text) return text;
  }
  return '';
}

/** A JSON object column pair: the first non-blank text is parsed; NULL or unparsable text reads as `{}`. */
export function canonicalJsonObject(...columns: (string | null | undefined)[]): Record<string, unknown> {
  const text = columns.find((value) => value !== null && value !== undefined && value.trim() !== '');
  return parseJsonObject(text);
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.trunc(value)) : 0);
const amount = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

/** The stored progress, or — for runs ingested before it existed — the run's status with zero counts. */
export function runProgressOf(row: Selectable<RunTable>): TRunProgress {
  const stored = canonicalJsonObject(row.progress_json);
  const status = canonicalText(row.status);
  return {
    status: text(stored.status, status),
    stage: text(stored.stage, canonicalText(row.stage) === '' ? '' : 'finished'),
    jobs_done: count(stored.jobs_done),
    jobs_total: count(stored.jobs_total),
    candidates_done: count(stored.candidates_done),
    candidates_total: count(stored.candidates_total),
    cost_usd: amount(stored.cost_usd),
    estimate_usd: amount(stored.estimate_usd),
    error: text(stored.error, ''),
    updated_at: text(stored.updated_at, canonicalText(row.updated_at, row.finished_at, row.created_at)),
  };
}

export const toRunSummary = (row: Selectable<RunTable>): TRunSummary => ({
  id: row.id,
  project_id: row.project_id,
  run_mode: canonicalText(row.run_mode, row.mode),
  status: canonicalText(row.status),
  stage: canonicalText(row.stage),
  time_of_day: canonicalText(row.time_of_day),
  weather: canonicalText(row.weather),
  model_name: canonicalText(row.model_name, row.model),
  provider_code: canonicalText(row.provider_code),
  settings_snapshot_json: canonicalJsonObject(row.settings_snapshot_json, row.meta_json),
  started_at: canonicalText(row.started_at),
  finished_at: canonicalText(row.finished_at),
  created_at: canonicalText(row.created_at),
  run_log_path: canonicalText(row.run_log_path),
  image_size: canonicalText(row.image_size),
  image_quality: canonicalText(row.image_quality),
  progress: runProgressOf(row),
});

export const toRunCandidate = (row: Selectable<RunCandidateTable>): TRunCandidate => ({
  id: row.id,
  job_id: row.job_id,
  candidate_index: row.candidate_index ?? 0,
  status: row.status ?? '',
  output_asset_id: row.output_asset_id ?? '',
  final_asset_id: row.final_asset_id ?? '',
  output_path: row.output_path ?? '',
  final_output_path: row.final_output_path ?? '',
  rank_hard_failures: row.rank_hard_failures ?? 0,
  rank_soft_warnings: row.rank_soft_warnings ?? 0,
  rank_avg_chroma_exceed: row.rank_avg_chroma_exceed ?? 0,
  meta_json: parseJsonObject(row.meta_json),
  created_at: row.created_at ?? '',
});

export const toRunJob = (row: Selectable<RunJobTable>, candidates: TRunCandidate[]): TRunJob => ({
  id: row.id,
  run_id: row.run_id,
  job_key: row.job_key ?? '',
  status: row.status ?? '',
  prompt_text: row.prompt_text ?? '',
  selected_candidate_index: row.selected_candidate_index ?? row.selected_candidate ?? null,
  final_asset_id: row.final_asset_id ?? '',
  final_output: row.final_output ?? '',
  meta_json: parseJsonObject(row.meta_json),
  created_at: row.created_at ?? '',
  candidates,
});

/** `kind` prefers kind and `asset_kind` prefers asset_kind, each falling back to the other. */
export const toAsset = (row: Selectable<AssetTable>): TAsset => ({
  id: row.id,
  project_id: row.project_id,
  kind: canonicalText(row.kind, row.asset_kind),
  asset_kind: canonicalText(row.asset_kind, row.kind),
  storage_uri: canonicalText(row.storage_uri, row.rel_path),
  rel_path: row.rel_path ?? '',
  storage_backend: row.storage_backend ?? '',
  mime_type: row.mime_type ?? '',
  width: row.width,
  height: row.height,
  sha256: row.sha256 ?? '',
  run_id: row.run_id ?? '',
  job_id: row.job_id ?? '',
  candidate_id: row.candidate_id ?? '',
  metadata_json: canonicalJsonObject(row.metadata_json, row.meta_json),
  created_at: row.created_at ?? '',
});

/** Ordering key for nullable timestamps: NULL sorts as "" (last when newest-first), on every dialect. */
export const orBlank = (column: string) => sql<string>`coalesce(${sql.ref(column)}, '')`;

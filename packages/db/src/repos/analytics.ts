import type { TCostEvent, TQualityReport } from '@kroma/contract';
import type { Selectable } from 'kysely';
import type { CostEventTable, QualityReportTable } from '../schema/database.js';
import type { KromaStore } from '../store.js';
import { parseJsonObject } from '../util/json.js';
import { listNewestFirst } from './newest-first.js';
import { canonicalJsonObject } from './run-mappers.js';

export const ANALYTICS_LIMIT = { fallback: 500, max: 2000 } as const;

export const toQualityReport = (row: Selectable<QualityReportTable>): TQualityReport => ({
  id: row.id,
  project_id: row.project_id,
  run_id: row.run_id ?? '',
  asset_id: row.asset_id ?? '',
  report_type: row.report_type ?? '',
  grade: row.grade ?? '',
  hard_failures: row.hard_failures ?? 0,
  soft_warnings: row.soft_warnings ?? 0,
  avg_chroma_exceed: row.avg_chroma_exceed ?? 0,
  summary_json: canonicalJsonObject(row.summary_json, row.meta_json),
  created_at: row.created_at ?? '',
});

export const toCostEvent = (row: Selectable<CostEventTable>): TCostEvent => ({
  id: row.id,
  project_id: row.project_id,
  run_id: row.run_id ?? '',
  job_id: row.job_id ?? '',
  provider_code: row.provider_code ?? '',
  model_name: row.model_name ?? '',
  event_type: row.event_type ?? '',
  units: row.units ?? 0,
  unit_cost_usd: row.unit_cost_usd ?? 0,
  total_cost_usd: row.total_cost_usd ?? 0,
  currency: row.currency ?? '',
  meta_json: parseJsonObject(row.meta_json),
  created_at: row.created_at ?? '',
});

/**
 * Newest first (ties by id DESC); `limit` is clamped, never rejected. A non-blank `runId` keeps that run's reports
 * (none for a run of another project); only a missing project is a 404.
 */
export async function listQualityReports(
  store: KromaStore,
  slug: string,
  rawLimit?: string,
  runId?: string,
): Promise<TQualityReport[]> {
  return (await listNewestFirst(store, 'quality_reports', slug, rawLimit, ANALYTICS_LIMIT, { runId })).map(toQualityReport);
}

/** Like {@link listQualityReports}: newest first, optionally of one run. */
export async function listCostEvents(store: KromaStore, slug: string, rawLimit?: string, runId?: string): Promise<TCostEvent[]> {
  return (await listNewestFirst(store, 'cost_events', slug, rawLimit, ANALYTICS_LIMIT, { runId })).map(toCostEvent);
}

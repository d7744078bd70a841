import type { TRunLog, TRunLogCandidate, TRunLogJob } from '@kroma/contract';
import type { Insertable } from 'kysely';
import type { AssetLinkTable, QualityReportTable, RunCandidateTable, RunJobTable } from '../../schema/database.js';
import type { AscendingIds } from '../../util/ids.js';
import type { IngestAssetRegistry } from './asset-registry.js';

export interface TJobRows {
  jobs: Insertable<RunJobTable>[];
  candidates: Insertable<RunCandidateTable>[];
  reports: Insertable<QualityReportTable>[];
  links: Insertable<AssetLinkTable>[];
}

export interface TRowContext {
  projectId: string;
  runId: string;
  now: string;
  /** Ids of every row written here (see AscendingIds). */
  ids: AscendingIds;
  assets: IngestAssetRegistry;
}

export type TCandidateLike = Pick<TRunLogCandidate, 'status' | 'rank'> &
  Partial<Pick<TRunLogCandidate, 'output_guard'>> & {
    candidate_index?: number;
    output?: string | null;
    final_output?: string | null;
    qa?: unknown;
  };

/** A job without candidates (every dry job) stands in as its own single candidate (§8.3). */
export function candidatesOf(job: TRunLogJob): TCandidateLike[] {
  if (job.candidates && job.candidates.length > 0) return job.candidates;
  return [
    {
      candidate_index: 1,
      status: job.status as TRunLogCandidate['status'],
      output: job.output ?? null,
      final_output: job.final_output ?? null,
      rank: { hard_failures: 0, soft_warnings: 0, avg_chroma_exceed: 0 },
    },
  ];
}

/** Adds the candidate's rows and returns its JSON (reused for the job's `meta_json`). */
function addCandidate(rows: TJobRows, context: TRowContext, jobId: string, candidate: TCandidateLike, position: number): string {
  const { projectId, runId, now, ids, assets } = context;
  const id = ids.next();
  const outputPath = candidate.output || null;
  const finalPath = candidate.final_output || null;
  const owner = { jobId, candidateId: id };
  const outputAssetId = outputPath ? assets.upsert(outputPath, 'candidate_output', owner) : null;
  const finalAssetId =
    finalPath === null ? null : finalPath === outputPath ? outputAssetId : assets.upsert(finalPath, 'candidate_final_output', owner);
  if (outputAssetId && finalAssetId && outputAssetId !== finalAssetId) {
    rows.links.push({
      id: ids.next(),
      project_id: projectId,
      parent_asset_id: outputAssetId,
      child_asset_id: finalAssetId,
      link_type: 'derived_from',
      created_at: now,
      updated_at: now,
    });
  }
  const rank = candidate.rank;
  const candidateJson = JSON.stringify(candidate);
  rows.candidates.push({
    id,
    job_id: jobId,
    candidate_index: candidate.candidate_index ?? position,
    status: candidate.status,
    output_asset_id: outputAssetId,
    final_asset_id: finalAssetId,
    output_path: outputPath,
    final_output_path: finalPath,
    rank_hard_failures: rank.hard_failures,
    rank_soft_warnings: rank.soft_warnings,
    rank_avg_chroma_exceed: rank.avg_chroma_exceed,
    meta_json: candidateJson,
    created_at: now,
  });
  const summary = JSON.stringify({
    status: candidate.status,
    rank,
    output_path: outputPath,
    final_output_path: finalPath,
    ...(candidate.output_guard === undefined ? {} : { output_guard: candidate.output_guard }),
    ...(candidate.qa === undefined ? {} : { qa: candidate.qa }),
  });
  rows.reports.push({
    id: ids.next(),
    project_id: projectId,
    run_id: runId,
    asset_id: finalAssetId ?? outputAssetId,
    report_type: 'output_guard',
    grade: '',
    hard_failures: rank.hard_failures,
    soft_warnings: rank.soft_warnings,
    avg_chroma_exceed: rank.avg_chroma_exceed,
    summary_json: summary,
    meta_json: summary,
    created_at: now,
  });
  return candidateJson;
}

const CANDIDATES_MARK = '\u0000kroma:candidates\u0000';
const CANDIDATES_MARK_JSON = JSON.stringify(CANDIDATES_MARK);

/**
 * `JSON.stringify(job)` without serialising its candidates a second time: their JSON is spliced in where a marker
 * stands. Falls back to the plain call in the (absurd) case that the marker text already occurs in the job.
 */
function jobJsonOf(job: TRunLogJob, candidateJsons: readonly string[]): string {
  if (!job.candidates?.length) return JSON.stringify(job);
  const text = JSON.stringify({ ...job, candidates: CANDIDATES_MARK });
  const at = text.indexOf(CANDIDATES_MARK_JSON);
  if (at < 0 || text.indexOf(CANDIDATES_MARK_JSON, at + 1) >= 0) return JSON.stringify(job);
  return `${text.slice(0, at)}[${candidateJsons.join(',')}]${text.slice(at + CANDIDATES_MARK_JSON.length)}`;
}

/** Adds one job's rows (the job, its candidates, their links and quality reports) to `rows`. */
export function addJobRows(rows: TJobRows, context: TRowContext, job: TRunLogJob, position: number): void {
  const jobId = context.ids.next();
  const candidateJsons = candidatesOf(job).map((candidate, index) => addCandidate(rows, context, jobId, candidate, index + 1));
  const finalOutput = job.final_output || null;
  const selected = job.selected_candidate ?? null;
  const finalAssetId = finalOutput
    ? context.assets.upsert(finalOutput, 'job_final_output', { jobId, candidateId: null }, { selected_candidate: selected })
    : null;
  rows.jobs.push({
    id: jobId,
    run_id: context.runId,
    seq: position,
    job_key: job.id || `job_${position}`,
    status: job.status,
    created_at: context.now,
    prompt_text: job.prompt,
    selected_candidate: selected,
    selected_candidate_index: selected,
    final_output: finalOutput,
    final_asset_id: finalAssetId,
    meta_json: jobJsonOf(job, candidateJsons),
  });
}

export const emptyJobRows = (): TJobRows => ({ jobs: [], candidates: [], reports: [], links: [] });

/** The run-level quality report: the run's guard settings, no asset, zero rank columns. */
export function runReportOf(log: TRunLog, context: Omit<TRowContext, 'assets'>): Insertable<QualityReportTable> {
  const summary = JSON.stringify({ scope: 'run', output_guard: log.output_guard });
  return {
    id: context.ids.next(),
    project_id: context.projectId,
    run_id: context.runId,
    asset_id: null,
    report_type: 'output_guard',
    grade: '',
    hard_failures: 0,
    soft_warnings: 0,
    avg_chroma_exceed: 0,
    summary_json: summary,
    meta_json: summary,
    created_at: context.now,
  };
}

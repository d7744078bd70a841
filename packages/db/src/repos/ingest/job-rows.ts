import type { TRunLog, TRunLogCandidate, TRunLogJob } from '@kroma/contract';
import type { Insertable } from 'kysely';
import type { AssetLinkTable, QualityReportTable, RunCandidateTable, RunJobTable } from '../../schema/database.js';
import { newId } from '../../util/ids.js';
import type { IngestAssetRegistry } from './asset-registry.js';

export interface TJobRows {
  jobs: Insertable<RunJobTable>[];
  candidates: Insertable<RunCandidateTable>[];
  reports: Insertable<QualityReportTable>[];
  links: Insertable<AssetLinkTable>[];
}

interface TRowContext {
  projectId: string;
  runId: string;
  now: string;
  assets: IngestAssetRegistry;
}

type TCandidateLike = Pick<TRunLogCandidate, 'status' | 'rank'> &
  Partial<Pick<TRunLogCandidate, 'output_guard'>> & {
    candidate_index?: number;
    output?: string | null;
    final_output?: string | null;
    qa?: unknown;
  };

/** A job without candidates (every dry job) stands in as its own single candidate (§8.3). */
function candidatesOf(job: TRunLogJob): TCandidateLike[] {
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

function addCandidate(rows: TJobRows, context: TRowContext, jobId: string, candidate: TCandidateLike, position: number) {
  const { projectId, runId, now, assets } = context;
  const id = newId();
  const outputPath = candidate.output || null;
  const finalPath = candidate.final_output || null;
  const owner = { jobId, candidateId: id };
  const outputAssetId = outputPath ? assets.upsert(outputPath, 'candidate_output', owner) : null;
  const finalAssetId =
    finalPath === null ? null : finalPath === outputPath ? outputAssetId : assets.upsert(finalPath, 'candidate_final_output', owner);
  if (outputAssetId && finalAssetId && outputAssetId !== finalAssetId) {
    rows.links.push({
      id: newId(),
      project_id: projectId,
      parent_asset_id: outputAssetId,
      child_asset_id: finalAssetId,
      link_type: 'derived_from',
      created_at: now,
      updated_at: now,
    });
  }
  const rank = candidate.rank;
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
    meta_json: JSON.stringify(candidate),
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
    id: newId(),
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
}

function addJob(rows: TJobRows, context: TRowContext, job: TRunLogJob, position: number) {
  const jobId = newId();
  candidatesOf(job).forEach((candidate, index) => addCandidate(rows, context, jobId, candidate, index + 1));
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
    meta_json: JSON.stringify(job),
  });
}

/** Jobs, both candidate tables' rows, candidate → final links and quality reports (one per candidate + the run). */
export function jobRowsOf(log: TRunLog, context: TRowContext): TJobRows {
  const rows: TJobRows = { jobs: [], candidates: [], reports: [], links: [] };
  log.jobs.forEach((job, index) => addJob(rows, context, job, index + 1));
  const summary = JSON.stringify({ scope: 'run', output_guard: log.output_guard });
  rows.reports.push({
    id: newId(),
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
  });
  return rows;
}

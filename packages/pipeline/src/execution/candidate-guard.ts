import type { ImageAnalyzer } from '@kroma/adapters';
import type { TRunLogOutputGuard, TRunLogOutputGuardSettings, TRunLogRank } from '@kroma/contract';
import { archiveFile, badArchiveDir } from '../qa/archive.js';
import { displayPath } from '../paths.js';
import { buildOutputGuardReport } from '../qa/output-guard-report.js';
import { rankFromReport, ZERO_RANK } from '../qa/rank.js';

export interface TGuardedCandidate {
  status: 'done' | 'failed_output_guard';
  rank: TRunLogRank;
  output_guard?: TRunLogOutputGuard;
  /** Only when `done`. */
  final_output?: string;
}

export interface TGuardContext {
  analyzer: ImageAnalyzer;
  appRoot: string;
  projectRoot: string;
  now: () => Date;
}

/**
 * The output guard on a candidate's final file (§5.5): a hard failure moves that file (only) to `archive/bad`;
 * with the guard disabled every candidate passes with a zero rank.
 */
export async function guardCandidate(
  finalFile: string,
  settings: TRunLogOutputGuardSettings,
  context: TGuardContext,
): Promise<TGuardedCandidate> {
  const shownFinal = displayPath(finalFile, context.appRoot);
  if (!settings.enabled) return { status: 'done', rank: { ...ZERO_RANK }, final_output: shownFinal };
  const report = await buildOutputGuardReport({
    input: finalFile,
    settings: {
      max_chroma_delta: settings.max_chroma_delta,
      enforce_grayscale: settings.enforce_grayscale,
      fail_on_chroma_exceed: settings.fail_on_chroma_exceed,
    },
    analyzer: context.analyzer,
    root: context.appRoot,
  });
  // Spread into plain objects: the run-log types are open records, the QA ones closed interfaces.
  const rank = { ...rankFromReport(report, settings.max_chroma_delta) };
  const outputGuard: TRunLogOutputGuard = {
    checked_input: report.input,
    summary: { ...report.summary },
    files: report.files.map((entry) => ({ ...entry })),
  };
  if (report.summary.hard_failures === 0) return { status: 'done', rank, output_guard: outputGuard, final_output: shownFinal };
  // A final file that could not be found has nothing to archive.
  const archived = await archiveFile(finalFile, badArchiveDir(context.projectRoot), 'bad', context.now()).catch(() => null);
  return {
    status: 'failed_output_guard',
    rank,
    output_guard: { ...outputGuard, bad_archive: archived === null ? null : displayPath(archived, context.appRoot) },
  };
}

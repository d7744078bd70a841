import type { TRunLog, TRunLogProgress } from '@kroma/contract';
import { displayPath } from '../paths.js';
import { badArchiveDir } from '../qa/archive.js';
import type { CostCapReachedError } from './cost-cap.js';
import { RunAbortedError, RunFailedError } from './engine-errors.js';
import { isJobTerminal, progressOf } from './job-state.js';
import type { RunLogWriter } from './run-log-writer.js';

/** Why a run stopped before all its work was done. */
export type TStop = { kind: 'cost_cap'; error: CostCapReachedError } | { kind: 'aborted' };

export interface TFinishRunInput {
  log: TRunLog;
  writer: RunLogWriter<TRunLog>;
  selected: ReadonlySet<string>;
  stop: TStop | undefined;
  now: Date;
  projectRoot: string;
  onProgress?: (progress: TRunLogProgress) => void;
}

/**
 * Closes a run: unfinished jobs become `canceled`, the run's status and reason are set, the log is written, and
 * then a stopped or partly failed run throws what the CLI shows (§6.5) — only after the log is on disk.
 */
export async function finishRun(input: TFinishRunInput): Promise<TRunLog> {
  const { log, selected, stop } = input;
  const jobs = log.jobs.filter((job) => selected.has(job.id));
  const unfinished = jobs.filter((job) => !isJobTerminal(job));
  for (const job of unfinished) job.status = 'canceled';
  const failed = jobs.filter((job) => job.status === 'failed' || job.status === 'failed_output_guard');

  let status: TRunLogProgress['status'] = failed.length > 0 ? 'failed' : 'done';
  let reason: string | undefined;
  if (stop?.kind === 'cost_cap') [status, reason] = ['canceled', stop.error.message];
  else if (stop?.kind === 'aborted') [status, reason] = ['canceled', 'aborted'];
  log.progress = progressOf(log, selected, status, 'finished', input.now, reason);
  await input.writer.update(() => undefined);
  input.onProgress?.({ ...log.progress });

  if (stop?.kind === 'cost_cap') throw stop.error;
  if (stop?.kind === 'aborted') throw new RunAbortedError(log, unfinished.length);
  if (failed.length > 0) {
    const byError = failed.filter((job) => job.status === 'failed').length;
    const byGuard = failed.length - byError;
    const badDir = displayPath(badArchiveDir(input.projectRoot), process.cwd());
    throw new RunFailedError(
      log,
      failed.map((job) => job.id),
      `${failed.length} of ${jobs.length} job(s) failed (${byError} by error, ${byGuard} by the output guard; rejects are in ${badDir}); see the run log ${input.writer.path}`,
    );
  }
  return log;
}

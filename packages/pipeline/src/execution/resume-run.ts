import { readFile } from 'node:fs/promises';
import { ZRunLogSchema, type TRunLog } from '@kroma/contract';
import type { TExecuteRunDeps, TExecuteRunOptions } from './engine-types.js';
import { runEngine } from './execute-run.js';
import { JOB_FINISHED } from './job-state.js';

export type TResumeRunOptions = Omit<TExecuteRunOptions, 'runLogPath' | 'only'>;

/**
 * Finishes a run from its log, in the same file: jobs already `done` or `failed_output_guard` are kept; the others
 * (planned, running, failed by error, canceled) are redone, keeping their candidates that completed QA.
 */
export async function resumeRun(runLogPath: string, deps: TExecuteRunDeps, options: TResumeRunOptions): Promise<TRunLog> {
  const log = ZRunLogSchema.parse(JSON.parse(await readFile(runLogPath, 'utf8')));
  const only = log.jobs.filter((job) => !JOB_FINISHED.has(job.status)).map((job) => job.id);
  return runEngine(log, deps, { ...options, runLogPath, only }, true);
}

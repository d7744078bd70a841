import type { TRunLog } from '@kroma/contract';

/** The run finished, but some jobs failed (provider errors or the output guard); the log on disk says which. */
export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
  readonly log: TRunLog;
  readonly failedJobs: string[];

  constructor(log: TRunLog, failedJobs: string[], message: string) {
    super(message);
    this.log = log;
    this.failedJobs = failedJobs;
  }
}

/** The run was stopped through its abort signal; finished work is in the log and `resumeRun` does the rest. */
export class RunAbortedError extends Error {
  override readonly name = 'RunAbortedError';
  readonly log: TRunLog;

  constructor(log: TRunLog, unfinishedJobs: number) {
    super(`Run aborted: ${unfinishedJobs} job(s) unfinished; resume it to finish them`);
    this.log = log;
  }
}

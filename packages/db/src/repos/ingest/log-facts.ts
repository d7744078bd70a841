import type { TRunLogJob } from '@kroma/contract';
import { candidatesOf } from './job-rows.js';
import type { TProgressCounts } from './run-progress.js';
import { runStatusOfTally, tallyJobStatus, type TJobStatusTally } from './run-status.js';
import type { TRunStatus } from './types.js';

/** Job and candidate states that count as "done" in progress: they reached an end (dry jobs end as planned). */
const SETTLED_STATUSES: ReadonlySet<string> = new Set(['done', 'failed_output_guard', 'planned', 'failed']);

/**
 * What ingest needs to know about all jobs before it writes any (gathered while they are validated, so the log
 * is read once up front): the asset paths to check on disk, the run status, progress counts, and how many row
 * ids the rows will take.
 */
export class RunLogFacts {
  readonly assetPaths = new Set<string>();
  readonly counts: TProgressCounts = { jobs_done: 0, jobs_total: 0, candidates_done: 0, candidates_total: 0 };
  /** Jobs, candidates, candidate → final links and quality reports (one per candidate, one for the run). */
  rowIds = 1;
  private readonly tally: TJobStatusTally = { jobs: 0, failed: 0, doneOrPlanned: 0 };

  private addPath(path: string | null | undefined): void {
    if (path) this.assetPaths.add(path);
  }

  add(job: TRunLogJob): void {
    tallyJobStatus(this.tally, job.status);
    this.counts.jobs_total += 1;
    if (SETTLED_STATUSES.has(job.status)) this.counts.jobs_done += 1;
    this.addPath(job.output);
    this.addPath(job.final_output);
    this.rowIds += 1;
    for (const candidate of candidatesOf(job)) {
      this.counts.candidates_total += 1;
      if (SETTLED_STATUSES.has(candidate.status)) this.counts.candidates_done += 1;
      this.addPath(candidate.output);
      this.addPath(candidate.final_output);
      const linked = candidate.output && candidate.final_output && candidate.final_output !== candidate.output;
      this.rowIds += linked ? 3 : 2;
    }
  }

  /** §8.3's status of the jobs seen. */
  jobsStatus(): TRunStatus {
    return runStatusOfTally(this.tally);
  }
}

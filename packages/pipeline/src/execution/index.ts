export { writeFileAtomic } from './atomic-file.js';
export { RunLogWriter } from './run-log-writer.js';
export { withRetries, backoffDelay, isRetryable, DEFAULT_RETRY_POLICY, type TRetryPolicy, type TAttemptFailure } from './retry.js';
export { CostGuard, CostCapReachedError } from './cost-cap.js';
export { executeRun } from './execute-run.js';
export { resumeRun, type TResumeRunOptions } from './resume-run.js';
export { RunAbortedError, RunFailedError } from './engine-errors.js';
export { costFromUsage, IMAGE_TOKEN_PRICES_USD, type TTokenPrices, type TUsageCost } from './usage-cost.js';
export {
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_CONCURRENCY,
  type TCandidatePostprocess,
  type TExecuteRunDeps,
  type TExecuteRunOptions,
  type TPostprocessContext,
} from './engine-types.js';
export { RunQueue, type TQueuedTask, type TQueuedTaskOutcome, type TRunQueueOptions } from './run-queue.js';

export { writeFileAtomic } from './atomic-file.js';
export { RunLogWriter } from './run-log-writer.js';
export { withRetries, backoffDelay, isRetryable, DEFAULT_RETRY_POLICY, type TRetryPolicy, type TAttemptFailure } from './retry.js';
export { CostGuard, CostCapReachedError } from './cost-cap.js';

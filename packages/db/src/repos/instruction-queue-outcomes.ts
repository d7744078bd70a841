import { formatTimestamp } from '@kroma/contract';
import { toJsonText } from '../util/json.js';
import { nonBlank } from '../util/input.js';
import type { TInstructionRow } from './agent-instructions-rows.js';
import type { TInstructionTransition } from './agent-instructions-transition.js';
import {
  DEFAULT_RETRY_BACKOFF_SECONDS,
  effectiveMaxAttempts,
  timestampAfter,
  type TCompletion,
} from './instruction-queue-options.js';

type TPlannedTransition = Omit<TInstructionTransition, 'lockedBy'>;

const UNLOCKED = { locked_by: null, locked_at: null } as const;
const shown = (value: number | string | undefined): string => (value === undefined ? 'none' : String(value));

/** data.md §3.5's event text: `remote_status=…, attempts=…, http_status=…`. */
const resultMessage = (remoteStatus: string, attempts: number, completion: TCompletion) =>
  `remote_status=${remoteStatus}, attempts=${attempts}, http_status=${shown(completion.httpStatus)}`;

/** `error=…, attempts=…, max_attempts=…, next_attempt_at=…` (`none` once it has failed for good). */
const failureMessage = (error: string, attempts: number, maxAttempts: number, nextAttemptAt: string | undefined) =>
  `error=${error}, attempts=${attempts}, max_attempts=${maxAttempts}, next_attempt_at=${shown(nextAttemptAt)}`;

function finalResult(row: TInstructionRow, completion: TCompletion, now: string): TPlannedTransition {
  const attempts = row.attempts + 1;
  const failed = completion.outcome === 'failed';
  const error = nonBlank(completion.error);
  return {
    to: failed ? 'failed' : 'done',
    set: {
      ...UNLOCKED,
      attempts,
      agent_response_json: toJsonText(completion.response),
      last_error: failed ? (error ?? null) : null,
      next_attempt_at: null,
      finished_at: now,
    },
    event: {
      type: 'result',
      message: resultMessage(failed ? 'failed' : 'done', attempts, completion) + (failed && error ? `, error=${error}` : ''),
    },
    now,
  };
}

/** A failed attempt: re-queued with linear backoff (base × attempts), or failed for good once attempts reach the max. */
function retryOrFail(row: TInstructionRow, completion: TCompletion, nowDate: Date, now: string): TPlannedTransition {
  const attempts = row.attempts + 1;
  const maxAttempts = effectiveMaxAttempts(row.max_attempts, completion.defaultMaxAttempts);
  const error = nonBlank(completion.error) ?? 'unknown_error';
  const response = completion.response === undefined ? {} : { agent_response_json: toJsonText(completion.response) };
  const common = { ...UNLOCKED, ...response, attempts, max_attempts: maxAttempts, last_error: error };
  if (attempts >= maxAttempts) {
    return {
      to: 'failed',
      set: { ...common, next_attempt_at: null, finished_at: now },
      event: { type: 'error', message: failureMessage(error, attempts, maxAttempts, undefined) },
      now,
    };
  }
  const backoff = completion.retryBackoffSeconds ?? DEFAULT_RETRY_BACKOFF_SECONDS;
  const nextAttemptAt = timestampAfter(nowDate, backoff * attempts);
  return {
    to: 'confirmed',
    set: { ...common, next_attempt_at: nextAttemptAt },
    event: { type: 'retry_scheduled', message: failureMessage(error, attempts, maxAttempts, nextAttemptAt) },
    now,
  };
}

/**
 * What ending an attempt does to a `running` row (one transition, one event). done/failed are final; retry may
 * fail for good; remote_running re-queues to ask the agent again after `poll_after` (counted as an attempt, never a
 * failure, so it is never parked); release gives the row back untouched (graceful shutdown).
 */
export function planCompletion(row: TInstructionRow, completion: TCompletion): TPlannedTransition {
  const nowDate = completion.now ?? new Date();
  const now = formatTimestamp(nowDate);
  switch (completion.outcome) {
    case 'done':
    case 'failed':
      return finalResult(row, completion, now);
    case 'retry':
      return retryOrFail(row, completion, nowDate, now);
    case 'remote_running': {
      const attempts = row.attempts + 1;
      const pollAfter = completion.pollAfterSeconds ?? completion.retryBackoffSeconds ?? DEFAULT_RETRY_BACKOFF_SECONDS;
      const nextAttemptAt = timestampAfter(nowDate, pollAfter);
      return {
        to: 'confirmed',
        set: { ...UNLOCKED, attempts, agent_response_json: toJsonText(completion.response), last_error: null, next_attempt_at: nextAttemptAt },
        event: { type: 'result', message: `${resultMessage('running', attempts, completion)}, next_attempt_at=${nextAttemptAt}` },
        now,
      };
    }
    case 'release':
      return {
        to: 'confirmed',
        set: { ...UNLOCKED, next_attempt_at: null },
        event: { type: 'released', message: `worker_id=${row.locked_by ?? ''}${completion.error ? `, reason=${completion.error}` : ''}` },
        now,
      };
  }
}

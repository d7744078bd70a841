import { formatTimestamp, type TAgentInstruction, type TWorkerOutcome } from '@kroma/contract';
import { requireText } from '../util/input.js';

export const DEFAULT_MAX_LOCKED_SECONDS = 120;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_RETRY_BACKOFF_SECONDS = 10;

export interface TClaimOptions {
  workerId: string;
  /** A `running` row whose lock is older than this is reclaimed (its worker died). */
  maxLockedSeconds?: number;
  defaultMaxAttempts?: number;
  /** Only these instruction types (default all). */
  types?: readonly string[];
  now?: Date;
}

export interface TClaimedInstruction {
  instruction: TAgentInstruction;
  projectSlug: string;
}

export interface TCompletion {
  outcome: TWorkerOutcome;
  error?: string;
  response?: unknown;
  httpStatus?: number;
  retryBackoffSeconds?: number;
  pollAfterSeconds?: number;
  defaultMaxAttempts?: number;
  now?: Date;
}

/** A worker id is trimmed and must not be blank (it is what `locked_by` compares against). */
export const requireWorkerId = (workerId: string): string => requireText(workerId, 'worker_id');

/** RS+ rule: the row's own limit, the worker's default and 1, whichever is largest. */
export const effectiveMaxAttempts = (rowMax: number, defaultMax: number | undefined): number =>
  Math.max(rowMax, defaultMax ?? DEFAULT_MAX_ATTEMPTS, 1);

/** Server timestamps (second precision) `seconds` after `now`. */
export const timestampAfter = (now: Date, seconds: number): string => formatTimestamp(new Date(now.getTime() + seconds * 1000));

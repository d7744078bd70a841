import type { TWorkerOutcome } from '@kroma/contract';
import type { TClaimed, TWorkerBackend } from '../backend/types.js';
import type { TWorkerSettings } from '../options.js';

/** What a handler decided for its attempt (`release` is the loop's own, on shutdown). */
export interface TWorkResult {
  outcome: Exclude<TWorkerOutcome, 'release'>;
  error?: string;
  response?: unknown;
  httpStatus?: number;
}

export interface TWorkContext {
  claimed: TClaimed;
  backend: TWorkerBackend;
  settings: TWorkerSettings;
  env: NodeJS.ProcessEnv;
  /** Aborted when the lock is lost (cancel, reclaim) or on shutdown after the grace period. */
  signal: AbortSignal;
  log: (message: string) => void;
}

export type TWorkHandler = (context: TWorkContext) => Promise<TWorkResult>;

export interface TIngestInput {
  /** The run log file; relative paths resolve against the app root. */
  runLogPath: string;
  /** An already-parsed log (still validated); the file is then not read. */
  log?: unknown;
  /** Overrides the log's `project`. */
  projectSlug?: string;
  createProjectIfMissing?: boolean;
  /** SHA-256 of every existing asset file (default true). */
  computeHashes?: boolean;
}

/**
 * The wire's ingest result (one definition, in the contract). `assets_upserted` counts every upsert call, so a
 * path shared by a candidate and its job counts twice; `status` is a {@link TIngestRunStatus}.
 */
export type { TIngestResult } from '@kroma/contract';

/** §8.3's status of a run from its jobs. */
export type TRunStatus = 'ok' | 'partial' | 'failed' | 'unknown';

/** What ingest records: §8.3's status, or how the run's life ended when it was canceled or killed mid-run. */
export type TIngestRunStatus = TRunStatus | 'canceled' | 'interrupted';

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

export type TRunStatus = 'ok' | 'partial' | 'failed' | 'unknown';

export interface TIngestResult {
  project_slug: string;
  run_id: string;
  run_log_path: string;
  jobs: number;
  candidates: number;
  /** Every upsert call, so a path shared by a candidate and its job counts twice. */
  assets_upserted: number;
  quality_reports_written: number;
  cost_events_written: number;
  status: TRunStatus;
}

import { nowTimestamp, type TRunState } from '@kroma/contract';
import { loadRunControl, saveRunProgress, type KromaStore } from '@kroma/db';
import type { Logger } from 'pino';
import { syncProjectStorage } from './project-s3-sync.js';

/** States a run ends in once its log was ingested; canceled and interrupted runs are not mirrored. */
const INGESTED_STATES: ReadonlySet<TRunState> = new Set(['ok', 'partial', 'failed', 'unknown']);
/** What the launcher prefixes to the progress error when the run log could not be ingested. */
const NOT_INGESTED_MARK = 'run log not ingested';

export interface TPostRunSync {
  store: KromaStore;
  logger: Logger;
  slug: string;
  runId: string;
  /** The run's stderr notes: a failed sync adds its `S3 sync skipped: …` line here. */
  notes: string[];
}

/**
 * The post-run mirror of a paid run that asked for it (pipeline.md §9.3): after a successful ingest, with
 * `dry_run=false, delete=false, allow_missing_local=false`. A failure is noted in the run's stderr and progress
 * error text and never changes the run's status; this never throws.
 */
export async function syncAfterRun({ store, logger, slug, runId, notes }: TPostRunSync): Promise<void> {
  try {
    const { run } = await loadRunControl(store, slug, runId);
    if (!INGESTED_STATES.has(run.status as TRunState) || run.progress.error.includes(NOT_INGESTED_MARK)) return;
    try {
      const result = await syncProjectStorage(store, slug, { dryRun: false, deleteRemoved: false, allowMissingLocal: false });
      logger.info({ runId, destination: result.destination, uploaded: result.uploaded.length, unchanged: result.unchanged }, 'post-run S3 sync done');
    } catch (error) {
      const note = `S3 sync skipped: ${error instanceof Error ? error.message : String(error)}`;
      notes.push(note);
      const progress = run.progress;
      const errorText = progress.error === '' ? note : `${progress.error}; ${note}`;
      await saveRunProgress(store, runId, { ...progress, error: errorText, updated_at: nowTimestamp() });
    }
  } catch (error) {
    logger.warn({ runId, err: error }, 'post-run S3 sync not recorded');
  }
}

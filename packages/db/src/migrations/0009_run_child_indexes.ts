import type { Migration } from 'kysely';
import { createIndexes, type MigrationDb } from './helpers.js';

/**
 * Re-ingest deletes a run's children by run / job, and deleting a job row makes SQLite look for its legacy
 * candidates (ON DELETE CASCADE): without these indexes both scan every run's rows. Quality reports are also
 * listed per run.
 */
export const migration0009RunChildIndexes: Migration = {
  async up(db: MigrationDb) {
    await createIndexes(db, [
      ['idx_run_job_candidates_job', 'run_job_candidates', ['job_id']],
      ['idx_quality_reports_run', 'quality_reports', ['run_id']],
    ]);
  },
};

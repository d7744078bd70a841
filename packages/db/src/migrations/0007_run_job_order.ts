import type { Migration } from 'kysely';
import { createIndexes, type MigrationDb } from './helpers.js';

/**
 * Jobs of one ingest share a second-precision `created_at`, so ordering by it (ties by random id) lost the run
 * log's order. `seq` keeps it; older rows have NULL and fall back to the old order.
 */
export const migration0007RunJobOrder: Migration = {
  async up(db: MigrationDb) {
    const columns = await db.introspection.getTables();
    const runJobs = columns.find((table) => table.name === 'run_jobs');
    if (!runJobs?.columns.some((column) => column.name === 'seq')) {
      await db.schema.alterTable('run_jobs').addColumn('seq', 'integer').execute();
    }
    await createIndexes(db, [['idx_run_jobs_run_seq', 'run_jobs', ['run_id', 'seq']]]);
  },
};

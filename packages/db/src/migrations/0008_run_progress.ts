import type { Migration } from 'kysely';
import { createIndexes, type MigrationDb } from './helpers.js';

const RUN_COLUMNS = ['progress_json', 'trigger_json', 'updated_at'] as const;

/** Runs started through the API: live progress, the trigger they came from (replay / remix), and when they changed. */
export const migration0008RunProgress: Migration = {
  async up(db: MigrationDb) {
    const tables = await db.introspection.getTables();
    const runs = tables.find((table) => table.name === 'runs');
    for (const column of RUN_COLUMNS) {
      if (!runs?.columns.some((existing) => existing.name === column)) {
        await db.schema.alterTable('runs').addColumn(column, 'text').execute();
      }
    }
    await createIndexes(db, [['idx_runs_status', 'runs', ['status']]]);
  },
};

import { nowTimestamp } from '@kroma/contract';
import { sql, type Migration } from 'kysely';
import type { MigrationDb } from './helpers.js';

/** Columns 0004 did not create (it already has attempts, max_attempts, next_attempt_at, last_error, locks, response). */
const NEW_COLUMNS = [
  ['priority', 'integer', 100],
  ['requires_confirmation', 'integer', 0],
  ['started_at', 'text', undefined],
  ['finished_at', 'text', undefined],
] as const;

/** The worker's queue: typed instructions (priority, confirmation, started/finished), the queue's pause switch. */
export const migration0010InstructionQueue: Migration = {
  async up(db: MigrationDb) {
    const tables = await db.introspection.getTables();
    const existing = new Set(tables.find((table) => table.name === 'agent_instructions')?.columns.map((column) => column.name));
    for (const [name, type, fallback] of NEW_COLUMNS) {
      if (existing.has(name)) continue;
      await db.schema
        .alterTable('agent_instructions')
        .addColumn(name, type, (col) => (fallback === undefined ? col : col.notNull().defaultTo(fallback)))
        .execute();
      // Every instruction the original server made was created pending, waiting for a confirm.
      if (name === 'requires_confirmation') {
        await db.updateTable('agent_instructions').set({ requires_confirmation: 1 }).execute();
      }
    }
    // The claim scan walks this index in claim order (priority, then due time, then id) and stops at the first hit.
    await sql`create index if not exists idx_agent_instructions_claim on agent_instructions
      (status, priority, (coalesce(next_attempt_at, created_at)), id)`.execute(db);

    await db.schema
      .createTable('instruction_queue_state')
      .ifNotExists()
      .addColumn('id', 'integer', (col) => col.primaryKey())
      .addColumn('paused', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('paused_at', 'text')
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .execute();
    await db
      .insertInto('instruction_queue_state')
      .values({ id: 1, paused: 0, paused_at: null, updated_at: nowTimestamp() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  },
};

import { INSTRUCTION_STATUSES, nowTimestamp, type TInstructionQueue } from '@kroma/contract';
import { sql } from 'kysely';
import type { KromaDb, KromaStore } from '../store.js';

const QUEUE_ROW_ID = 1;

async function readQueue(db: KromaDb): Promise<TInstructionQueue> {
  const state = await db.selectFrom('instruction_queue_state').selectAll().where('id', '=', QUEUE_ROW_ID).executeTakeFirst();
  const rows = await db
    .selectFrom('agent_instructions')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  const counts: Record<string, number> = Object.fromEntries(INSTRUCTION_STATUSES.map((status) => [status, 0]));
  for (const row of rows) counts[row.status] = Number(row.count);
  return { paused: state?.paused === 1, paused_at: state?.paused_at ?? '', counts };
}

/** The whole queue (every project): paused or not, and how many instructions are in each status. */
export async function getInstructionQueue(store: KromaStore): Promise<TInstructionQueue> {
  return readQueue(store.db);
}

/** Pause (workers claim nothing; running instructions finish) or resume. Pausing twice keeps the first `paused_at`. */
export async function setInstructionQueuePaused(store: KromaStore, paused: boolean): Promise<TInstructionQueue> {
  return store.db.transaction().execute(async (trx) => {
    const now = nowTimestamp();
    await trx
      .insertInto('instruction_queue_state')
      .values({ id: QUEUE_ROW_ID, paused: paused ? 1 : 0, paused_at: paused ? now : null, updated_at: now })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          paused: paused ? 1 : 0,
          paused_at: paused ? sql<string>`coalesce(instruction_queue_state.paused_at, ${now})` : null,
          updated_at: now,
        }),
      )
      .execute();
    return readQueue(trx);
  });
}

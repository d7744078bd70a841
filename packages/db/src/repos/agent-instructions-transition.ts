import { INSTRUCTION_TRANSITIONS, INSTRUCTION_STATUSES, validationError, type TInstructionStatus } from '@kroma/contract';
import { sql, type UpdateObject } from 'kysely';
import type { KromaDatabase } from '../schema/database.js';
import type { KromaDb } from '../store.js';
import { compiledQuery } from '../util/compiled-query.js';
import { newId } from '../util/ids.js';
import type { TInstructionRow } from './agent-instructions-rows.js';

/** Columns a transition may write besides `status` and `updated_at`. */
export type TInstructionChanges = Omit<UpdateObject<KromaDatabase, 'agent_instructions'>, 'id' | 'project_id' | 'status' | 'updated_at'>;

export interface TInstructionTransition {
  to: TInstructionStatus;
  set?: TInstructionChanges;
  event: { type: string; message: string };
  now: string;
  /** Apply only while this worker still holds the lock (worker completions). */
  lockedBy?: string;
}

const isStatus = (value: string): value is TInstructionStatus => (INSTRUCTION_STATUSES as readonly string[]).includes(value);

export function isAllowedTransition(from: string, to: TInstructionStatus): boolean {
  return isStatus(from) && INSTRUCTION_TRANSITIONS[from].includes(to);
}

/** The next `seq` is computed inside the INSERT, so the event needs no read of its own. */
const insertEvent = compiledQuery(
  (
    db: KromaDb,
    id: string,
    projectId: string,
    instructionId: string,
    seqOf: string,
    eventType: string,
    message: string,
    createdAt: string,
  ) =>
    db.insertInto('agent_instruction_events').values({
      id,
      project_id: projectId,
      instruction_id: instructionId,
      seq: (eb) =>
        eb
          .selectFrom('agent_instruction_events')
          .select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
          .where('instruction_id', '=', seqOf),
      event_type: eventType,
      message,
      created_at: createdAt,
    }),
);

/** Appends an event in insertion order (`seq`); run it inside the write transaction of the change it records. */
export async function appendInstructionEvent(db: KromaDb, row: TInstructionRow, eventType: string, message: string, now: string) {
  await insertEvent(db, newId(), row.project_id, row.id, row.id, eventType, message, now);
}

/**
 * The one place an instruction's status changes after creation: the change must be in INSTRUCTION_TRANSITIONS,
 * the UPDATE is guarded on the status the row was read with (and on the lock owner when given), and exactly one
 * event records it. `undefined` when the guard no longer held: another writer (a cancel, a reclaim) won.
 */
export async function transitionInstruction(
  db: KromaDb,
  row: TInstructionRow,
  transition: TInstructionTransition,
): Promise<TInstructionRow | undefined> {
  if (!isAllowedTransition(row.status, transition.to)) {
    throw validationError(`Instruction cannot go from ${row.status} to ${transition.to}`);
  }
  let update = db
    .updateTable('agent_instructions')
    .set({ ...transition.set, status: transition.to, updated_at: transition.now })
    .where('id', '=', row.id)
    .where('status', '=', row.status);
  if (transition.lockedBy !== undefined) update = update.where('locked_by', '=', transition.lockedBy);
  const changed = await update.returningAll().executeTakeFirst();
  if (!changed) return undefined;
  await appendInstructionEvent(db, changed, transition.event.type, transition.event.message, transition.now);
  return changed;
}

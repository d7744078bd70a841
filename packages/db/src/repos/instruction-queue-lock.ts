import { conflictError, formatTimestamp, notFoundError } from '@kroma/contract';
import { sql } from 'kysely';
import type { KromaDb, KromaStore } from '../store.js';
import { compiledQuery } from '../util/compiled-query.js';
import { AGENT_INSTRUCTION_NOT_FOUND, findInstructionRow, toAgentInstruction } from './agent-instructions-rows.js';
import { requireWorkerId, type TClaimedInstruction } from './instruction-queue-options.js';

const renewLock = compiledQuery((db: KromaDb, lockedAt: string, id: string, workerId: string) =>
  db
    .updateTable('agent_instructions')
    .set({ locked_at: lockedAt })
    .where('id', '=', id)
    .where('status', '=', sql.lit('running'))
    .where('locked_by', '=', workerId)
    .returning('status'),
);

/**
 * Renews the lock; false when this worker no longer holds it (canceled, or reclaimed after going stale). A
 * heartbeat leaves `updated_at` alone, so lists do not reshuffle while instructions run.
 */
export async function renewInstructionLock(
  store: KromaStore,
  instructionId: string,
  workerId: string,
  now?: Date,
): Promise<{ locked: boolean; status: string }> {
  const worker = requireWorkerId(workerId);
  const [renewed] = await renewLock(store.db, formatTimestamp(now ?? new Date()), instructionId, worker);
  if (renewed) return { locked: true, status: renewed.status };
  const row = await findInstructionRow(store.db, instructionId);
  if (!row) throw notFoundError(AGENT_INSTRUCTION_NOT_FOUND);
  return { locked: false, status: row.status };
}

/**
 * The instruction and its project's slug while `workerId` holds its lock (what a worker may act on, e.g. dispatch
 * through the server); 404 when it does not exist, 409 when the worker does not hold it.
 */
export async function requireWorkerLock(store: KromaStore, instructionId: string, workerId: string): Promise<TClaimedInstruction> {
  const worker = requireWorkerId(workerId);
  const row = await store.db
    .selectFrom('agent_instructions')
    .innerJoin('projects', 'projects.id', 'agent_instructions.project_id')
    .selectAll('agent_instructions')
    .select('projects.slug as project_slug')
    .where('agent_instructions.id', '=', instructionId)
    .executeTakeFirst();
  if (!row) throw notFoundError(AGENT_INSTRUCTION_NOT_FOUND);
  const { project_slug: projectSlug, ...instruction } = row;
  if (instruction.status !== 'running' || instruction.locked_by !== worker) {
    throw conflictError(`Instruction is not locked by worker ${worker} (status: ${instruction.status})`);
  }
  return { instruction: toAgentInstruction(instruction), projectSlug };
}

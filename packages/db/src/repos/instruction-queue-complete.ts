import { notFoundError, type TAgentInstruction } from '@kroma/contract';
import type { KromaStore } from '../store.js';
import { AGENT_INSTRUCTION_NOT_FOUND, findInstructionRow, toAgentInstruction } from './agent-instructions-rows.js';
import { transitionInstruction } from './agent-instructions-transition.js';
import { requireWorkerId, type TCompletion } from './instruction-queue-options.js';
import { planCompletion } from './instruction-queue-outcomes.js';

/**
 * Ends an attempt, only while `status = 'running' AND locked_by = workerId` (a cancel or a reclaim wins over a
 * late result: then `applied` is false and nothing changes). done/failed are final; retry re-queues with linear
 * backoff or fails once attempts reach max; remote_running re-queues to be polled later without failing;
 * release puts it back (`confirmed`) without consuming an attempt (graceful shutdown). One event per transition.
 */
export async function completeInstruction(
  store: KromaStore,
  instructionId: string,
  workerId: string,
  completion: TCompletion,
): Promise<{ applied: boolean; instruction: TAgentInstruction }> {
  const worker = requireWorkerId(workerId);
  return store.db.transaction().execute(async (trx) => {
    const row = await findInstructionRow(trx, instructionId);
    if (!row) throw notFoundError(AGENT_INSTRUCTION_NOT_FOUND);
    if (row.status !== 'running' || row.locked_by !== worker) return { applied: false, instruction: toAgentInstruction(row) };
    const changed = await transitionInstruction(trx, row, { ...planCompletion(row, completion), lockedBy: worker });
    return changed ? { applied: true, instruction: toAgentInstruction(changed) } : { applied: false, instruction: toAgentInstruction(row) };
  });
}

import type { TAgentInstruction, TInstructionEvent } from '@kroma/contract';
import type { KromaStore } from '../store.js';
import { requireInstruction, toAgentInstruction, toInstructionEvent } from './agent-instructions-rows.js';
import { requireProject } from './project-lookup.js';

export { AGENT_INSTRUCTION_NOT_FOUND, toAgentInstruction } from './agent-instructions-rows.js';
export {
  createAgentInstruction,
  DEFAULT_INSTRUCTION_MAX_ATTEMPTS,
  DEFAULT_INSTRUCTION_PRIORITY,
  DEFAULT_INSTRUCTION_TYPE,
} from './agent-instructions-create.js';
export { actOnAgentInstruction, cancelAgentInstruction, confirmAgentInstruction } from './agent-instructions-actions.js';
export { isAllowedTransition } from './agent-instructions-transition.js';

export async function listAgentInstructions(store: KromaStore, slug: string): Promise<TAgentInstruction[]> {
  const project = await requireProject(store.db, slug);
  const rows = await store.db
    .selectFrom('agent_instructions')
    .selectAll()
    .where('project_id', '=', project.id)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toAgentInstruction);
}

export async function getAgentInstruction(store: KromaStore, slug: string, instructionId: string): Promise<TAgentInstruction> {
  return toAgentInstruction(await requireInstruction(store.db, slug, instructionId));
}

/** Oldest first (insertion order, kept in `seq`). */
export async function listAgentInstructionEvents(
  store: KromaStore,
  slug: string,
  instructionId: string,
): Promise<TInstructionEvent[]> {
  const instruction = await requireInstruction(store.db, slug, instructionId);
  const rows = await store.db
    .selectFrom('agent_instruction_events')
    .selectAll()
    .where('instruction_id', '=', instruction.id)
    .orderBy('seq', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map(toInstructionEvent);
}

import { notFoundError, type TAgentInstruction, type TInstructionEvent } from '@kroma/contract';
import type { Selectable } from 'kysely';
import type { AgentInstructionEventTable, AgentInstructionTable } from '../schema/database.js';
import type { KromaDb } from '../store.js';
import { compiledQuery } from '../util/compiled-query.js';
import { parseJsonObject, parseJsonValue } from '../util/json.js';
import { requireProject } from './project-lookup.js';

export const AGENT_INSTRUCTION_NOT_FOUND = 'Agent instruction not found';

export type TInstructionRow = Selectable<AgentInstructionTable>;

export const toAgentInstruction = (row: TInstructionRow): TAgentInstruction => ({
  id: row.id,
  project_id: row.project_id,
  instruction_text: row.instruction_text,
  instruction_type: row.instruction_type,
  payload_json: parseJsonObject(row.payload_json),
  status: row.status,
  created_at: row.created_at,
  updated_at: row.updated_at,
  confirmed_at: row.confirmed_at ?? '',
  canceled_at: row.canceled_at ?? '',
  priority: row.priority,
  requires_confirmation: row.requires_confirmation !== 0,
  attempts: row.attempts,
  max_attempts: row.max_attempts,
  next_attempt_at: row.next_attempt_at ?? '',
  last_error: row.last_error ?? '',
  locked_by: row.locked_by ?? '',
  locked_at: row.locked_at ?? '',
  started_at: row.started_at ?? '',
  finished_at: row.finished_at ?? '',
  agent_response_json: parseJsonValue(row.agent_response_json),
});

export const toInstructionEvent = (row: Selectable<AgentInstructionEventTable>): TInstructionEvent => ({
  id: row.id,
  project_id: row.project_id,
  instruction_id: row.instruction_id,
  event_type: row.event_type,
  message: row.message ?? '',
  created_at: row.created_at,
});

const selectInstructionById = compiledQuery((db: KromaDb, id: string) =>
  db.selectFrom('agent_instructions').selectAll().where('id', '=', id),
);

export async function findInstructionRow(db: KromaDb, id: string): Promise<TInstructionRow | undefined> {
  return (await selectInstructionById(db, id))[0];
}

/** Instruction routes answer the instruction's 404 even when it is the project that is missing. */
export async function requireInstruction(db: KromaDb, slug: string, instructionId: string): Promise<TInstructionRow> {
  const project = await requireProject(db, slug, AGENT_INSTRUCTION_NOT_FOUND);
  const row = await findInstructionRow(db, instructionId);
  if (!row || row.project_id !== project.id) throw notFoundError(AGENT_INSTRUCTION_NOT_FOUND);
  return row;
}

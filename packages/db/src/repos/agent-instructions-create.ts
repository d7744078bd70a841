import {
  INSTRUCTION_TYPES,
  nowTimestamp,
  validationError,
  type TCreateInstructionBody,
  type TInstructionStatus,
} from '@kroma/contract';
import type { KromaStore } from '../store.js';
import { newId } from '../util/ids.js';
import { nonBlank } from '../util/input.js';
import { writeAuditEvent } from './audit.js';
import type { TActor } from './context.js';
import { appendInstructionEvent } from './agent-instructions-transition.js';
import { findInstructionRow, toAgentInstruction } from './agent-instructions-rows.js';
import { requireProject } from './project-lookup.js';

/** The type of an instruction made with the original's `instruction_text` alone. */
export const DEFAULT_INSTRUCTION_TYPE = 'agent_instruction';
export const DEFAULT_INSTRUCTION_PRIORITY = 100;
export const DEFAULT_INSTRUCTION_MAX_ATTEMPTS = 3;

interface TNewInstruction {
  text: string;
  type: string;
  payload: Record<string, unknown>;
  priority: number;
  requiresConfirmation: boolean;
  maxAttempts: number;
}

function parseType(raw: string | null | undefined): string | undefined {
  const type = nonBlank(raw)?.toLowerCase();
  if (type !== undefined && !(INSTRUCTION_TYPES as readonly string[]).includes(type)) {
    throw validationError(`Field 'instruction_type' must be one of: ${INSTRUCTION_TYPES.join(', ')}`);
  }
  return type;
}

/** A paid pipeline run always waits for a user's confirm, whatever the request says. */
const spendsMoney = (type: string, payload: Record<string, unknown>): boolean =>
  type === 'pipeline_run' && typeof payload.mode === 'string' && payload.mode.trim().toLowerCase() === 'run';

/**
 * Two dialects: the original's `instruction_text`, or its OpenAPI file's `instruction_type` + `payload_json`.
 * Without a text, the payload's `objective` (or `Execute <type>`) becomes the text. Checked before any lookup.
 */
function parseNewInstruction(body: TCreateInstructionBody): TNewInstruction {
  const givenText = nonBlank(body.instruction_text);
  const givenType = parseType(body.instruction_type);
  if (givenText === undefined && givenType === undefined) throw validationError("Field 'instruction_text' is required");
  const type = givenType ?? DEFAULT_INSTRUCTION_TYPE;
  const payload = body.payload_json ?? {};
  const objective = typeof payload.objective === 'string' ? nonBlank(payload.objective) : undefined;
  const maxAttempts = body.max_attempts ?? DEFAULT_INSTRUCTION_MAX_ATTEMPTS;
  if (maxAttempts < 1) throw validationError("Field 'max_attempts' must be at least 1");
  return {
    text: givenText ?? objective ?? `Execute ${type}`,
    type,
    payload,
    priority: body.priority ?? DEFAULT_INSTRUCTION_PRIORITY,
    requiresConfirmation: body.requires_confirmation !== false || spendsMoney(type, payload),
    maxAttempts,
  };
}

/** A new instruction waits `pending` for a confirm, or with `requires_confirmation: false` is queued at once. */
export async function createAgentInstruction(store: KromaStore, actor: TActor, slug: string, body: TCreateInstructionBody) {
  const input = parseNewInstruction(body);
  return store.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, slug);
    const now = nowTimestamp();
    const id = newId();
    const status: TInstructionStatus = input.requiresConfirmation ? 'pending' : 'confirmed';
    await trx
      .insertInto('agent_instructions')
      .values({
        id,
        project_id: project.id,
        instruction_text: input.text,
        instruction_type: input.type,
        payload_json: JSON.stringify(input.payload),
        status,
        priority: input.priority,
        requires_confirmation: input.requiresConfirmation ? 1 : 0,
        max_attempts: input.maxAttempts,
        created_at: now,
        updated_at: now,
        confirmed_at: input.requiresConfirmation ? null : now,
        canceled_at: null,
      })
      .execute();
    const row = await findInstructionRow(trx, id);
    if (!row) throw new Error(`instruction ${id} vanished inside its own transaction`);
    await appendInstructionEvent(trx, row, 'created', 'Instruction created', now);
    if (!input.requiresConfirmation) await appendInstructionEvent(trx, row, 'queued', 'Instruction queued (no confirmation required)', now);
    const auditId = await writeAuditEvent(trx, actor, {
      projectId: project.id,
      eventCode: 'agent_instruction.create',
      payload: { instruction_id: id, status },
    });
    return { instruction: toAgentInstruction(row), auditId };
  });
}

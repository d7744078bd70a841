import {
  notFoundError,
  nowTimestamp,
  validationError,
  type TAgentInstruction,
  type TCreateInstructionBody,
  type TInstructionActionBody,
  type TInstructionEvent,
} from '@kroma/contract';
import type { Selectable } from 'kysely';
import type { AgentInstructionEventTable, AgentInstructionTable } from '../schema/database.js';
import type { KromaDb, KromaStore } from '../store.js';
import { newId } from '../util/ids.js';
import { parseJsonObject } from '../util/json.js';
import { nonBlank } from '../util/input.js';
import { writeAuditEvent } from './audit.js';
import type { TActor } from './context.js';
import { requireProject } from './project-lookup.js';

export const AGENT_INSTRUCTION_NOT_FOUND = 'Agent instruction not found';
export const DEFAULT_INSTRUCTION_TYPE = 'agent_instruction';

type TInstructionRow = Selectable<AgentInstructionTable>;

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
});

const toInstructionEvent = (row: Selectable<AgentInstructionEventTable>): TInstructionEvent => ({
  id: row.id,
  project_id: row.project_id,
  instruction_id: row.instruction_id,
  event_type: row.event_type,
  message: row.message ?? '',
  created_at: row.created_at,
});

/** Instruction routes answer the instruction's 404 even when it is the project that is missing. */
async function requireInstruction(db: KromaDb, slug: string, instructionId: string): Promise<TInstructionRow> {
  const project = await requireProject(db, slug, AGENT_INSTRUCTION_NOT_FOUND);
  const row = await db
    .selectFrom('agent_instructions')
    .selectAll()
    .where('id', '=', instructionId)
    .where('project_id', '=', project.id)
    .executeTakeFirst();
  if (!row) throw notFoundError(AGENT_INSTRUCTION_NOT_FOUND);
  return row;
}

/** Appends an event; `seq` keeps insertion order (computed inside the caller's write transaction). */
async function appendInstructionEvent(db: KromaDb, instruction: TInstructionRow, eventType: string, message: string) {
  const last = await db
    .selectFrom('agent_instruction_events')
    .select((eb) => eb.fn.coalesce(eb.fn.max('seq'), eb.lit(0)).as('seq'))
    .where('instruction_id', '=', instruction.id)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('agent_instruction_events')
    .values({
      id: newId(),
      project_id: instruction.project_id,
      instruction_id: instruction.id,
      seq: Number(last.seq) + 1,
      event_type: eventType,
      message,
      created_at: nowTimestamp(),
    })
    .execute();
}

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

interface TNewInstruction {
  text: string;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * Two dialects: the original's `instruction_text`, or its OpenAPI file's `instruction_type` + `payload_json`.
 * Without a text, the payload's `objective` (or `Execute <type>`) becomes the text.
 */
function parseNewInstruction(body: TCreateInstructionBody): TNewInstruction {
  const givenText = nonBlank(body.instruction_text);
  const givenType = nonBlank(body.instruction_type)?.toLowerCase();
  if (givenText === undefined && givenType === undefined) throw validationError("Field 'instruction_text' is required");
  const type = givenType ?? DEFAULT_INSTRUCTION_TYPE;
  const payload = body.payload_json ?? {};
  const objective = typeof payload.objective === 'string' ? nonBlank(payload.objective) : undefined;
  return { text: givenText ?? objective ?? `Execute ${type}`, type, payload };
}

export async function createAgentInstruction(store: KromaStore, actor: TActor, slug: string, body: TCreateInstructionBody) {
  const input = parseNewInstruction(body);
  return store.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, slug);
    const now = nowTimestamp();
    const id = newId();
    await trx
      .insertInto('agent_instructions')
      .values({
        id,
        project_id: project.id,
        instruction_text: input.text,
        instruction_type: input.type,
        payload_json: JSON.stringify(input.payload),
        status: 'pending',
        created_at: now,
        updated_at: now,
        confirmed_at: null,
        canceled_at: null,
      })
      .execute();
    const row = await trx.selectFrom('agent_instructions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await appendInstructionEvent(trx, row, 'created', 'Instruction created');
    const auditId = await writeAuditEvent(trx, actor, {
      projectId: project.id,
      eventCode: 'agent_instruction.create',
      payload: { instruction_id: id, status: row.status },
    });
    return { instruction: toAgentInstruction(row), auditId };
  });
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

type TInstructionAction = 'confirm' | 'cancel';
type TClearableColumn = 'confirmed_at' | 'canceled_at' | 'next_attempt_at' | 'last_error' | 'locked_by' | 'locked_at';

interface TActionRule {
  target: 'confirmed' | 'canceled';
  /** The opposite terminal state: acting on it is a 400. */
  refusedFrom: 'canceled' | 'confirmed';
  defaultMessage: string;
  /** Column changes besides `status` and `updated_at`. */
  changes: (now: string) => Partial<Record<TClearableColumn, string | null>>;
}

/**
 * The original's asymmetric guards: confirm refuses only `canceled`, cancel refuses only `confirmed`; the same
 * state again is a no-op. Either action drops a worker lease; confirm also clears the retry schedule.
 */
const ACTION_RULES: Record<TInstructionAction, TActionRule> = {
  confirm: {
    target: 'confirmed',
    refusedFrom: 'canceled',
    defaultMessage: 'Instruction confirmed',
    changes: (now) => ({
      confirmed_at: now,
      canceled_at: null,
      next_attempt_at: null,
      last_error: null,
      locked_by: null,
      locked_at: null,
    }),
  },
  cancel: {
    target: 'canceled',
    refusedFrom: 'confirmed',
    defaultMessage: 'Instruction canceled',
    changes: (now) => ({ canceled_at: now, locked_by: null, locked_at: null }),
  },
};

/** Confirm or cancel; audited even when the instruction already is in the target state (then without an event). */
export async function actOnAgentInstruction(
  store: KromaStore,
  actor: TActor,
  slug: string,
  instructionId: string,
  action: TInstructionAction,
  body: TInstructionActionBody,
) {
  const rule = ACTION_RULES[action];
  return store.db.transaction().execute(async (trx) => {
    let row = await requireInstruction(trx, slug, instructionId);
    if (row.status === rule.refusedFrom) throw validationError(`Instruction is already ${rule.refusedFrom}`);
    if (row.status !== rule.target) {
      const now = nowTimestamp();
      await trx
        .updateTable('agent_instructions')
        .set({ ...rule.changes(now), status: rule.target, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      row = await trx.selectFrom('agent_instructions').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      await appendInstructionEvent(trx, row, rule.target, nonBlank(body.message) ?? rule.defaultMessage);
    }
    const auditId = await writeAuditEvent(trx, actor, {
      projectId: row.project_id,
      eventCode: `agent_instruction.${action}`,
      payload: { instruction_id: row.id, status: row.status },
    });
    return { instruction: toAgentInstruction(row), auditId };
  });
}

export const confirmAgentInstruction = (store: KromaStore, actor: TActor, slug: string, id: string, body: TInstructionActionBody) =>
  actOnAgentInstruction(store, actor, slug, id, 'confirm', body);

export const cancelAgentInstruction = (store: KromaStore, actor: TActor, slug: string, id: string, body: TInstructionActionBody) =>
  actOnAgentInstruction(store, actor, slug, id, 'cancel', body);

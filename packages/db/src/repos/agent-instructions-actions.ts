import { nowTimestamp, validationError, type TInstructionActionBody, type TInstructionStatus } from '@kroma/contract';
import type { KromaStore } from '../store.js';
import { nonBlank } from '../util/input.js';
import { writeAuditEvent } from './audit.js';
import type { TActor } from './context.js';
import { requireInstruction, toAgentInstruction, type TInstructionRow } from './agent-instructions-rows.js';
import { transitionInstruction, type TInstructionChanges } from './agent-instructions-transition.js';

type TInstructionAction = 'confirm' | 'cancel';

interface TActionRule {
  target: TInstructionStatus;
  /** The statuses a user may act from (a subset of INSTRUCTION_TRANSITIONS: `running → confirmed` is the worker's). */
  from: readonly TInstructionStatus[];
  defaultMessage: string;
  /** Column changes besides `status` and `updated_at`. */
  changes: (now: string, from: string) => TInstructionChanges;
  /** The 400 for a state the action may not leave. */
  refusal: (status: string) => string;
}

/**
 * Confirm queues a pending instruction, or retries a failed one from scratch; it never re-queues a running or done
 * one (the original did, and so dispatched twice). Cancel stops anything not finished, a queued or running one
 * included (a running worker's late result is then ignored). Either action drops a worker lock.
 */
const ACTION_RULES: Record<TInstructionAction, TActionRule> = {
  confirm: {
    target: 'confirmed',
    from: ['pending', 'failed'],
    defaultMessage: 'Instruction confirmed',
    changes: (now, from) => ({
      confirmed_at: now,
      canceled_at: null,
      next_attempt_at: null,
      last_error: null,
      locked_by: null,
      locked_at: null,
      ...(from === 'failed' ? { attempts: 0, finished_at: null } : {}),
    }),
    refusal: (status) => (status === 'canceled' ? 'Instruction is already canceled' : `Instruction is ${status}`),
  },
  cancel: {
    target: 'canceled',
    from: ['pending', 'confirmed', 'running'],
    defaultMessage: 'Instruction canceled',
    changes: (now) => ({ canceled_at: now, finished_at: now, locked_by: null, locked_at: null }),
    refusal: (status) => (status === 'done' || status === 'failed' ? `Instruction is already ${status}` : `Instruction is ${status}`),
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
    let row: TInstructionRow | undefined = await requireInstruction(trx, slug, instructionId);
    if (row.status !== rule.target) {
      if (!(rule.from as readonly string[]).includes(row.status)) throw validationError(rule.refusal(row.status));
      const now = nowTimestamp();
      row = await transitionInstruction(trx, row, {
        to: rule.target,
        set: rule.changes(now, row.status),
        event: { type: rule.target, message: nonBlank(body.message) ?? rule.defaultMessage },
        now,
      });
      // The write transaction holds SQLite's write lock, so the guard cannot fail here.
      if (!row) throw new Error(`instruction ${instructionId} changed inside a write transaction`);
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

import { INSTRUCTION_STATUSES, INSTRUCTION_TRANSITIONS, isKromaError } from '@kroma/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelAgentInstruction, confirmAgentInstruction, createAgentInstruction, isAllowedTransition } from '../src/index.js';
import { ACTOR, eventsOf, forceRow, instructionEnv, newInstruction, rowOf, type TInstructionEnv } from './support/instructions.js';

let env: TInstructionEnv;
beforeEach(async () => {
  env = await instructionEnv('instructions');
});
afterEach(() => env.close());

const create = (body: Parameters<typeof createAgentInstruction>[3]) => createAgentInstruction(env.store, ACTOR, env.slug, body);

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isKromaError(error)) return `${error.status} ${error.message}`;
    throw error;
  }
  return 'no error';
}

describe('creating instructions', () => {
  it('keeps the original dialect: agent_instruction, pending, one created event', async () => {
    const { instruction } = await create({ instruction_text: ' Render page 1 ' });
    expect(instruction).toMatchObject({
      instruction_text: 'Render page 1', instruction_type: 'agent_instruction', status: 'pending', priority: 100,
      requires_confirmation: true, attempts: 0, max_attempts: 3, next_attempt_at: '', locked_by: '', started_at: '',
      finished_at: '', agent_response_json: {}, confirmed_at: '',
    });
    expect(await eventsOf(env.store, instruction.id)).toEqual([['created', 'Instruction created']]);
  });

  it('takes the typed dialect with priority, attempts and an optional confirmation', async () => {
    const { instruction } = await create({ instruction_type: ' QA_check ', payload_json: { objective: 'Check page 2' }, priority: 5, max_attempts: 7, requires_confirmation: false });
    expect(instruction).toMatchObject({
      instruction_text: 'Check page 2', instruction_type: 'qa_check', status: 'confirmed', priority: 5, max_attempts: 7,
      requires_confirmation: false, payload_json: { objective: 'Check page 2' },
    });
    expect(instruction.confirmed_at).toBe(instruction.created_at);
    expect(await eventsOf(env.store, instruction.id)).toEqual([
      ['created', 'Instruction created'],
      ['queued', 'Instruction queued (no confirmation required)'],
    ]);
    expect((await create({ instruction_type: 'storage_sync' })).instruction).toMatchObject({ instruction_text: 'Execute storage_sync', status: 'pending' });
  });

  it('always holds a paid pipeline run for confirmation', async () => {
    const paid = await create({ instruction_type: 'pipeline_run', payload_json: { mode: ' Run ' }, requires_confirmation: false });
    expect(paid.instruction).toMatchObject({ status: 'pending', requires_confirmation: true });
    const dry = await create({ instruction_type: 'pipeline_run', payload_json: { mode: 'dry' }, requires_confirmation: false });
    expect(dry.instruction).toMatchObject({ status: 'confirmed', requires_confirmation: false });
  });

  it('refuses unknown types and max_attempts below 1 before the project lookup', async () => {
    const other = (body: Parameters<typeof create>[0]) => errorOf(createAgentInstruction(env.store, ACTOR, 'nope', body));
    expect(await other({ instruction_type: 'render' })).toBe(
      "400 Field 'instruction_type' must be one of: pipeline_run, asset_edit, qa_check, storage_sync, custom",
    );
    expect(await other({ instruction_text: 'x', max_attempts: 0 })).toBe("400 Field 'max_attempts' must be at least 1");
    expect(await other({ payload_json: { objective: 'x' } })).toBe("400 Field 'instruction_text' is required");
    expect(await other({ instruction_text: 'x' })).toBe('404 Project not found');
  });
});

/** What confirm and cancel do from each status: the new status, `same` (no-op) or the 400 message. */
const EXPECTED: Record<string, { confirm: string; cancel: string }> = {
  pending: { confirm: 'confirmed', cancel: 'canceled' },
  confirmed: { confirm: 'same', cancel: 'canceled' },
  running: { confirm: '400 Instruction is running', cancel: 'canceled' },
  done: { confirm: '400 Instruction is done', cancel: '400 Instruction is already done' },
  failed: { confirm: 'confirmed', cancel: '400 Instruction is already failed' },
  canceled: { confirm: '400 Instruction is already canceled', cancel: 'same' },
};

describe('confirm and cancel from every status', () => {
  for (const status of INSTRUCTION_STATUSES) {
    for (const action of ['confirm', 'cancel'] as const) {
      it(`${action} from ${status}: ${EXPECTED[status]?.[action]}`, async () => {
        const instruction = await newInstruction(env, {}, false);
        await forceRow(env.store, instruction.id, { status, locked_by: 'w1', locked_at: '2030-01-01T00:00:00Z', attempts: 2, next_attempt_at: '2030-01-01T00:00:10Z', last_error: 'boom' });
        const expected = EXPECTED[status]?.[action] ?? '';
        const before = await eventsOf(env.store, instruction.id);
        const act = action === 'confirm' ? confirmAgentInstruction : cancelAgentInstruction;
        const outcome = act(env.store, ACTOR, env.slug, instruction.id, { message: '' });
        if (expected.startsWith('400')) {
          expect(await errorOf(outcome)).toBe(expected);
          expect((await rowOf(env.store, instruction.id)).status).toBe(status);
          expect(await eventsOf(env.store, instruction.id)).toEqual(before);
          return;
        }
        const { instruction: after } = await outcome;
        const row = await rowOf(env.store, instruction.id);
        if (expected === 'same') {
          expect(after.status).toBe(status);
          expect(await eventsOf(env.store, instruction.id)).toEqual(before);
          return;
        }
        expect(after.status).toBe(expected);
        expect((await eventsOf(env.store, instruction.id)).at(-1)).toEqual([expected, action === 'confirm' ? 'Instruction confirmed' : 'Instruction canceled']);
        expect(row).toMatchObject({ locked_by: null, locked_at: null });
        if (action === 'confirm') {
          expect(row).toMatchObject({ next_attempt_at: null, last_error: null, attempts: status === 'failed' ? 0 : 2, finished_at: null });
        } else {
          expect(row.finished_at).toBe(row.canceled_at);
        }
      });
    }
  }

  it('allows exactly the transitions of the contract', () => {
    for (const from of INSTRUCTION_STATUSES) {
      for (const to of INSTRUCTION_STATUSES) {
        expect(isAllowedTransition(from, to), `${from} → ${to}`).toBe(INSTRUCTION_TRANSITIONS[from].includes(to));
      }
    }
    expect(isAllowedTransition('queued', 'running')).toBe(false);
  });
});

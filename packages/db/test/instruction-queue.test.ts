import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cancelAgentInstruction,
  claimNextInstruction,
  completeInstruction,
  confirmAgentInstruction,
  getInstructionQueue,
  renewInstructionLock,
  setInstructionQueuePaused,
} from '../src/index.js';
import { ACTOR, at, eventsOf, forceRow, instructionEnv, newInstruction, rowOf, stamp, type TInstructionEnv } from './support/instructions.js';

let env: TInstructionEnv;
const T0 = new Date('2031-05-01T12:00:00Z');
beforeEach(async () => {
  env = await instructionEnv('queue');
});
afterEach(() => env.close());

const claim = (workerId: string, now = T0, extra: Partial<Parameters<typeof claimNextInstruction>[1]> = {}) =>
  claimNextInstruction(env.store, { workerId, now, ...extra });
const complete = (id: string, workerId: string, completion: Parameters<typeof completeInstruction>[3]) =>
  completeInstruction(env.store, id, workerId, { now: T0, ...completion });

describe('claiming', () => {
  it('locks the instruction, stamps started_at once and writes a started event', async () => {
    const queued = await newInstruction(env);
    const claimed = await claim('w1');
    expect(claimed?.projectSlug).toBe(env.slug);
    expect(claimed?.instruction).toMatchObject({ id: queued.id, status: 'running', locked_by: 'w1', locked_at: stamp(T0), started_at: stamp(T0) });
    expect(await claim('w2')).toBeUndefined();
    expect(await eventsOf(env.store, queued.id)).toEqual([
      ['created', 'Instruction created'],
      ['queued', 'Instruction queued (no confirmation required)'],
      ['started', 'worker_id=w1, attempt=1'],
    ]);
    await complete(queued.id, 'w1', { outcome: 'release' });
    expect((await claim('w2', at(T0, 5)))?.instruction).toMatchObject({ locked_by: 'w2', locked_at: stamp(at(T0, 5)), started_at: stamp(T0) });
  });

  it('takes priority first, then the earliest due time, then the id', async () => {
    const late = await newInstruction(env, { priority: 100 });
    const urgent = await newInstruction(env, { priority: 1 });
    const early = await newInstruction(env, { priority: 100 });
    const retried = await newInstruction(env, { priority: 100 });
    const pending = await newInstruction(env, { priority: 0 }, false);
    await forceRow(env.store, late.id, { created_at: '2031-05-01T11:00:00Z' });
    await forceRow(env.store, early.id, { created_at: '2031-05-01T10:00:00Z' });
    await forceRow(env.store, retried.id, { created_at: '2031-05-01T09:00:00Z', next_attempt_at: '2031-05-01T11:30:00Z' });
    const order = [];
    for (let claimed = await claim('w'); claimed; claimed = await claim('w')) order.push(claimed.instruction.id);
    expect(order).toEqual([urgent.id, early.id, late.id, retried.id]);
    expect((await rowOf(env.store, pending.id)).status).toBe('pending');
  });

  it('waits for next_attempt_at and filters by type', async () => {
    const qa = await newInstruction(env, { instruction_type: 'qa_check' });
    await forceRow(env.store, qa.id, { next_attempt_at: stamp(at(T0, 10)) });
    expect(await claim('w', at(T0, 9))).toBeUndefined();
    expect(await claim('w', at(T0, 10), { types: ['custom'] })).toBeUndefined();
    expect((await claim('w', at(T0, 10), { types: ['custom', 'qa_check'] }))?.instruction.id).toBe(qa.id);
  });

  it('never hands out instructions of a deleted project', async () => {
    const orphan = await newInstruction(env);
    await sql`pragma foreign_keys = off`.execute(env.store.db);
    await env.store.db.deleteFrom('projects').where('id', '=', env.projectId).execute();
    expect(await claim('w')).toBeUndefined();
    expect((await rowOf(env.store, orphan.id)).status).toBe('confirmed');
  });

  it('claims nothing while the queue is paused, and counts by status', async () => {
    await newInstruction(env);
    await newInstruction(env, {}, false);
    const paused = await setInstructionQueuePaused(env.store, true);
    expect(paused).toMatchObject({ paused: true, counts: { pending: 1, confirmed: 1, running: 0, done: 0, failed: 0, canceled: 0 } });
    expect(paused.paused_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    await env.store.db.updateTable('instruction_queue_state').set({ paused_at: '2031-01-01T00:00:00Z' }).execute();
    expect((await setInstructionQueuePaused(env.store, true)).paused_at).toBe('2031-01-01T00:00:00Z');
    expect(await claim('w')).toBeUndefined();
    expect(await setInstructionQueuePaused(env.store, false)).toMatchObject({ paused: false, paused_at: '' });
    expect(await claim('w')).toBeDefined();
    expect((await getInstructionQueue(env.store)).counts).toMatchObject({ pending: 1, confirmed: 0, running: 1 });
  });

  it('gives each of 300 instructions to exactly one of 3 concurrent claimers', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 300; i += 1) ids.add((await newInstruction(env, { instruction_text: `n${i}` })).id);
    const claimer = async (workerId: string) => {
      const got: string[] = [];
      for (let claimed = await claim(workerId); claimed; claimed = await claim(workerId)) {
        got.push(claimed.instruction.id);
        expect((await complete(claimed.instruction.id, workerId, { outcome: 'done' })).applied).toBe(true);
      }
      return got;
    };
    const results = await Promise.all(['a', 'b', 'c'].map(claimer));
    const all = results.flat();
    expect(all).toHaveLength(300);
    expect(new Set(all)).toEqual(ids);
    for (const got of results) expect(got.length).toBeGreaterThan(0);
    expect((await getInstructionQueue(env.store)).counts).toMatchObject({ done: 300, running: 0, confirmed: 0 });
  });
});

describe('locks', () => {
  it('renews only the holder’s lock and reclaims a lock that went stale', async () => {
    const queued = await newInstruction(env);
    await claim('dead');
    expect(await renewInstructionLock(env.store, queued.id, 'dead', at(T0, 60))).toEqual({ locked: true, status: 'running' });
    expect(await renewInstructionLock(env.store, queued.id, 'other', at(T0, 60))).toEqual({ locked: false, status: 'running' });
    expect(await claim('w2', at(T0, 180))).toBeUndefined();
    const reclaimed = await claim('w2', at(T0, 181));
    expect(reclaimed?.instruction).toMatchObject({ id: queued.id, status: 'running', locked_by: 'w2', attempts: 1, last_error: expect.stringContaining('dead') });
    expect((await eventsOf(env.store, queued.id)).slice(2)).toEqual([
      ['started', 'worker_id=dead, attempt=1'],
      ['reclaimed', `worker_id=dead, locked_at=${stamp(at(T0, 60))}, attempts=1, max_attempts=3`],
      ['started', 'worker_id=w2, attempt=2'],
    ]);
    expect(await renewInstructionLock(env.store, queued.id, 'dead')).toEqual({ locked: false, status: 'running' });
    expect(await complete(queued.id, 'dead', { outcome: 'done' })).toMatchObject({ applied: false, instruction: { locked_by: 'w2' } });
    expect((await complete(queued.id, 'w2', { outcome: 'done' })).instruction.status).toBe('done');
  });

  it('reclaims rows an older version left running without a lock, and fails one that keeps killing workers', async () => {
    const parked = await newInstruction(env);
    await forceRow(env.store, parked.id, { status: 'running', locked_by: null, locked_at: null });
    expect((await claim('w'))?.instruction.id).toBe(parked.id);
    await forceRow(env.store, parked.id, { attempts: 2 });
    expect(await claim('w', at(T0, 121))).toBeUndefined();
    expect(await rowOf(env.store, parked.id)).toMatchObject({ status: 'failed', attempts: 3, locked_by: null, finished_at: stamp(at(T0, 121)) });
    expect((await eventsOf(env.store, parked.id)).at(-1)?.[0]).toBe('error');
  });

  it('ignores a late result after a cancel', async () => {
    const queued = await newInstruction(env);
    await claim('w1');
    await cancelAgentInstruction(env.store, ACTOR, env.slug, queued.id, {});
    const late = await complete(queued.id, 'w1', { outcome: 'done', response: { status: 'done' } });
    expect(late).toMatchObject({ applied: false, instruction: { status: 'canceled', agent_response_json: {} } });
    expect((await eventsOf(env.store, queued.id)).map(([type]) => type)).toEqual(['created', 'queued', 'started', 'canceled']);
    expect(await renewInstructionLock(env.store, queued.id, 'w1')).toEqual({ locked: false, status: 'canceled' });
    await expect(renewInstructionLock(env.store, 'missing', 'w1')).rejects.toThrow('Agent instruction not found');
    await expect(claim('  ')).rejects.toThrow("Field 'worker_id' is required");
  });
});

describe('completing', () => {
  it('records done with the response, finished_at and an RS-format result event', async () => {
    const queued = await newInstruction(env);
    await claim('w');
    const { applied, instruction } = await complete(queued.id, 'w', { outcome: 'done', response: { status: 'done', note: 'ok' }, httpStatus: 200 });
    expect(applied).toBe(true);
    expect(instruction).toMatchObject({ status: 'done', attempts: 1, locked_by: '', locked_at: '', finished_at: stamp(T0), agent_response_json: { status: 'done', note: 'ok' } });
    expect((await eventsOf(env.store, queued.id)).at(-1)).toEqual(['result', 'remote_status=done, attempts=1, http_status=200']);
    expect(await complete(queued.id, 'w', { outcome: 'failed' })).toMatchObject({ applied: false, instruction: { status: 'done' } });
  });

  it('retries with linear backoff, then fails for good at max attempts', async () => {
    const queued = await newInstruction(env);
    const steps = [
      { claimAt: T0, status: 'confirmed', next: stamp(at(T0, 10)), event: 'retry_scheduled' },
      { claimAt: at(T0, 10), status: 'confirmed', next: stamp(at(T0, 30)), event: 'retry_scheduled' },
      { claimAt: at(T0, 30), status: 'failed', next: '', event: 'error' },
    ];
    for (const [index, step] of steps.entries()) {
      if (index > 0) expect(await claim('w', at(step.claimAt, -1))).toBeUndefined();
      expect((await claim('w', step.claimAt))?.instruction.id).toBe(queued.id);
      const { instruction } = await complete(queued.id, 'w', { outcome: 'retry', error: 'http_500:boom', now: step.claimAt });
      expect(instruction).toMatchObject({ status: step.status, next_attempt_at: step.next, last_error: 'http_500:boom', locked_by: '', attempts: index + 1 });
      const shownNext = step.next === '' ? 'none' : step.next;
      expect((await eventsOf(env.store, queued.id)).at(-1)).toEqual([step.event, `error=http_500:boom, attempts=${index + 1}, max_attempts=3, next_attempt_at=${shownNext}`]);
    }
    expect((await rowOf(env.store, queued.id)).finished_at).toBe(stamp(at(T0, 30)));
    expect(await claim('w', at(T0, 3600))).toBeUndefined();
    const retried = await confirmAgentInstruction(env.store, ACTOR, env.slug, queued.id, {});
    expect(retried.instruction).toMatchObject({ status: 'confirmed', attempts: 0, last_error: '', finished_at: '' });
  });

  it('uses the larger of the row’s max_attempts and the worker default, and the given backoff base', async () => {
    const queued = await newInstruction(env, { max_attempts: 1 });
    await claim('w');
    const first = await complete(queued.id, 'w', { outcome: 'retry', error: 'x', defaultMaxAttempts: 2, retryBackoffSeconds: 3 });
    expect(first.instruction).toMatchObject({ status: 'confirmed', max_attempts: 2, next_attempt_at: stamp(at(T0, 3)) });
    await claim('w', at(T0, 3));
    expect((await complete(queued.id, 'w', { outcome: 'retry', defaultMaxAttempts: 2 })).instruction).toMatchObject({ status: 'failed', last_error: 'unknown_error' });
  });

  it('re-polls a remote running answer later instead of parking it', async () => {
    const queued = await newInstruction(env);
    await claim('w');
    const polled = await complete(queued.id, 'w', { outcome: 'remote_running', response: { status: 'running' }, httpStatus: 202, pollAfterSeconds: 30 });
    expect(polled).toMatchObject({ applied: true, instruction: { status: 'confirmed', attempts: 1, next_attempt_at: stamp(at(T0, 30)), locked_by: '', agent_response_json: { status: 'running' } } });
    expect((await eventsOf(env.store, queued.id)).at(-1)).toEqual(['result', `remote_status=running, attempts=1, http_status=202, next_attempt_at=${stamp(at(T0, 30))}`]);
    expect(await claim('w', at(T0, 29))).toBeUndefined();
    expect((await claim('w', at(T0, 30)))?.instruction.id).toBe(queued.id);
    expect((await complete(queued.id, 'w', { outcome: 'failed', error: 'rejected', response: { status: 'failed' } })).instruction).toMatchObject({ status: 'failed', attempts: 2, last_error: 'rejected' });
    expect((await eventsOf(env.store, queued.id)).at(-1)).toEqual(['result', 'remote_status=failed, attempts=2, http_status=none, error=rejected']);
  });

  it('releases without consuming an attempt', async () => {
    const queued = await newInstruction(env);
    await claim('w');
    const released = await complete(queued.id, 'w', { outcome: 'release', error: 'shutdown' });
    expect(released.instruction).toMatchObject({ status: 'confirmed', attempts: 0, locked_by: '', next_attempt_at: '' });
    expect((await eventsOf(env.store, queued.id)).at(-1)).toEqual(['released', 'worker_id=w, reason=shutdown']);
    expect((await claim('w2'))?.instruction.id).toBe(queued.id);
    await expect(complete('missing', 'w', { outcome: 'done' })).rejects.toThrow('Agent instruction not found');
  });
});

import { describe, expect, it } from 'vitest';
import { RunQueue, type TQueuedTask } from '../src/index.js';

/** A task the test finishes by hand; it records its start and the signal it got. */
function controlledTask(log: string[], name: string) {
  let finish: (error?: Error) => void = () => undefined;
  let signal: AbortSignal | undefined;
  const task: TQueuedTask = (given) => {
    signal = given;
    log.push(`start ${name}`);
    return new Promise<void>((resolve, reject) => {
      finish = (error) => (error === undefined ? resolve() : reject(error));
    });
  };
  return { task, finish: (error?: Error) => finish(error), signal: () => signal };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RunQueue', () => {
  it('runs at most `concurrency` tasks at once, starting waiting ones in FIFO order', async () => {
    const log: string[] = [];
    const queue = new RunQueue({ concurrency: 2 });
    const tasks = ['a', 'b', 'c', 'd'].map((name) => controlledTask(log, name));
    const outcomes = tasks.map((t, index) => queue.enqueue(`id-${index}`, t.task));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    expect([queue.running, queue.waiting]).toEqual([2, 2]);
    expect([queue.isWaiting('id-1'), queue.isWaiting('id-2'), queue.has('id-3')]).toEqual([false, true, true]);

    tasks[1]?.finish();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'start c']);
    expect(await outcomes[1]).toEqual({});
    expect(queue.has('id-1')).toBe(false);

    for (const t of [tasks[0], tasks[2]]) t?.finish();
    await tick();
    tasks[3]?.finish();
    expect(await Promise.all(outcomes)).toEqual([{}, {}, {}, {}]);
    expect([queue.running, queue.waiting]).toEqual([0, 0]);
  });

  it('never rejects: a task that throws or rejects resolves with its error', async () => {
    const queue = new RunQueue({ concurrency: 1 });
    const boom = new Error('boom');
    const thrown = await queue.enqueue('sync', () => {
      throw boom;
    });
    const rejected = await queue.enqueue('async', async () => Promise.reject(new Error('later')));
    expect(thrown.error).toBe(boom);
    expect((rejected.error as Error).message).toBe('later');
    expect(queue.running).toBe(0);
  });

  it('cancel of a waiting task: it never starts, resolves with an AbortError, and the next one runs', async () => {
    const log: string[] = [];
    const queue = new RunQueue({ concurrency: 1 });
    const first = controlledTask(log, 'first');
    const second = controlledTask(log, 'second');
    const third = controlledTask(log, 'third');
    const running = queue.enqueue('first', first.task);
    const canceled = queue.enqueue('second', second.task);
    const next = queue.enqueue('third', third.task);

    expect(queue.cancel('second')).toBe(true);
    const outcome = await canceled;
    expect((outcome.error as Error).name).toBe('AbortError');
    expect(queue.has('second')).toBe(false);
    expect(queue.cancel('second')).toBe(false);

    first.finish();
    await running;
    await tick();
    third.finish();
    await next;
    expect(log).toEqual(['start first', 'start third']);
  });

  it('cancel of a running task aborts its signal with the reason; it ends when the task does', async () => {
    const log: string[] = [];
    const queue = new RunQueue({ concurrency: 1 });
    const run = controlledTask(log, 'run');
    const outcome = queue.enqueue('run', run.task);
    await tick();
    const reason = new Error('canceled by user');

    expect(queue.cancel('run', reason)).toBe(true);
    expect(run.signal()?.aborted).toBe(true);
    expect(run.signal()?.reason).toBe(reason);
    expect(queue.has('run')).toBe(true);
    run.finish(reason);
    expect((await outcome).error).toBe(reason);
    expect(queue.cancel('run')).toBe(false);
    expect(queue.cancel('unknown')).toBe(false);
  });

  it('refuses a second task under an id that is still queued or running', async () => {
    const queue = new RunQueue({ concurrency: 1 });
    const log: string[] = [];
    const run = controlledTask(log, 'one');
    const first = queue.enqueue('same', run.task);
    const second = await queue.enqueue('same', async () => void log.push('never'));
    expect((second.error as Error).message).toContain('already queued or running');
    run.finish();
    await first;
    expect(log).toEqual(['start one']);
  });

  it('abortAll aborts running and waiting tasks and resolves once every one has ended', async () => {
    const queue = new RunQueue({ concurrency: 1 });
    const started: string[] = [];
    const abortable: TQueuedTask = (signal) =>
      new Promise<void>((_resolve, reject) => {
        started.push('x');
        signal.addEventListener('abort', () => setTimeout(() => reject(signal.reason as Error), 20), { once: true });
      });
    const outcomes = [queue.enqueue('a', abortable), queue.enqueue('b', abortable)];
    await tick();

    await queue.abortAll(new Error('shutdown'));

    expect([queue.running, queue.waiting]).toEqual([0, 0]);
    const errors = (await Promise.all(outcomes)).map((outcome) => (outcome.error as Error).message);
    expect(errors).toEqual(['shutdown', 'shutdown']);
    expect(started).toEqual(['x']);
  });

  it('refuses a concurrency below 1', () => {
    expect(() => new RunQueue({ concurrency: 0 })).toThrow(RangeError);
  });
});

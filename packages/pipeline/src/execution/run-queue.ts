/** A task the queue runs: it must stop soon after `signal` aborts. */
export type TQueuedTask = (signal: AbortSignal) => Promise<void>;

export interface TRunQueueOptions {
  /** Tasks running at once; the rest wait in FIFO order. */
  concurrency: number;
}

/** How a task ended: `error` is what it threw, or the abort reason when it was canceled before it started. */
export interface TQueuedTaskOutcome {
  error?: unknown;
}

interface TQueueEntry {
  id: string;
  task: TQueuedTask;
  controller: AbortController;
  started: boolean;
  settle: (outcome: TQueuedTaskOutcome) => void;
  ended: Promise<TQueuedTaskOutcome>;
}

/** The abort reason as an Error (a DOMException `AbortError` unless the caller gave an Error). */
function abortErrorOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException(typeof reason === 'string' ? reason : 'The task was canceled before it started', 'AbortError');
}

/**
 * Background work with a concurrency limit and per-task cancellation (a server's runs, a worker's pipeline
 * instructions). Not persistent: whoever owns it records state elsewhere.
 */
export class RunQueue {
  private readonly entries = new Map<string, TQueueEntry>();
  private readonly queue: TQueueEntry[] = [];
  private active = 0;

  constructor(readonly options: TRunQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`RunQueue concurrency must be an integer >= 1 (got ${options.concurrency})`);
    }
  }

  /**
   * Starts `task` when a slot is free; resolves (never rejects) when it has ended, with its error if it threw.
   * An id already queued or running is refused with an error outcome and the task never runs.
   */
  enqueue(id: string, task: TQueuedTask): Promise<TQueuedTaskOutcome> {
    if (this.entries.has(id)) return Promise.resolve({ error: new Error(`task ${id} is already queued or running`) });
    let settle: (outcome: TQueuedTaskOutcome) => void = () => undefined;
    const ended = new Promise<TQueuedTaskOutcome>((resolve) => {
      settle = resolve;
    });
    const entry: TQueueEntry = { id, task, controller: new AbortController(), started: false, settle, ended };
    this.entries.set(id, entry);
    this.queue.push(entry);
    this.pump();
    return ended;
  }

  /** Aborts a queued (never started) or running task; false when the id is unknown or already ended. */
  cancel(id: string, reason?: unknown): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    entry.controller.abort(reason);
    if (!entry.started) {
      this.queue.splice(this.queue.indexOf(entry), 1);
      this.finish(entry, { error: abortErrorOf(entry.controller.signal) });
    }
    return true;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Whether the task is waiting for a slot (not yet started). */
  isWaiting(id: string): boolean {
    return this.entries.get(id)?.started === false;
  }

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Aborts every task and resolves when all have ended (shutdown). */
  async abortAll(reason?: unknown): Promise<void> {
    const all = [...this.entries.values()];
    for (const entry of all) this.cancel(entry.id, reason);
    await Promise.all(all.map((entry) => entry.ended));
  }

  private pump(): void {
    while (this.active < this.options.concurrency) {
      const entry = this.queue.shift();
      if (entry === undefined) return;
      this.start(entry);
    }
  }

  private start(entry: TQueueEntry): void {
    entry.started = true;
    this.active += 1;
    const { signal } = entry.controller;
    // A task that throws synchronously is caught like one that rejects.
    void Promise.resolve()
      .then(() => entry.task(signal))
      .then(
        () => ({}),
        (error: unknown) => ({ error }),
      )
      .then((outcome: TQueuedTaskOutcome) => {
        this.active -= 1;
        this.finish(entry, outcome);
        this.pump();
      });
  }

  private finish(entry: TQueueEntry, outcome: TQueuedTaskOutcome): void {
    this.entries.delete(entry.id);
    entry.settle(outcome);
  }
}

import { writeFileAtomic } from './atomic-file.js';

/**
 * Keeps the run log on disk in step with the run: every `update` rewrites the whole file atomically, and updates
 * are serialized, so a failed or killed run leaves a valid log holding everything that finished.
 */
export class RunLogWriter<TLog extends object> {
  readonly path: string;
  #log: TLog;
  #queue: Promise<void> = Promise.resolve();
  #writes = 0;

  constructor(path: string, initial: TLog) {
    this.path = path;
    this.#log = initial;
  }

  get current(): TLog {
    return this.#log;
  }

  /** How many times the file has been written. */
  get writes(): number {
    return this.#writes;
  }

  /** Applies `change` to the in-memory log and schedules a write of the result; resolves once it is on disk. */
  update(change: (log: TLog) => TLog | void): Promise<void> {
    const next = change(this.#log);
    if (next !== undefined) this.#log = next;
    const snapshot = `${JSON.stringify(this.#log, null, 2)}\n`;
    this.#queue = this.#queue.then(async () => {
      await writeFileAtomic(this.path, snapshot);
      this.#writes += 1;
    });
    return this.#queue;
  }

  /** Waits for every scheduled write. */
  flush(): Promise<void> {
    return this.#queue;
  }
}

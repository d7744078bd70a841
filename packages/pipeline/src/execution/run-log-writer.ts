import { writeFileAtomic } from './atomic-file.js';

/**
 * Keeps the run log on disk in step with the run: updates rewrite the whole file atomically, one write at a time,
 * so a failed or killed run leaves a valid log holding everything that finished. Updates made while a write is
 * under way are coalesced into the next write (the snapshot is taken when that write starts).
 */
export class RunLogWriter<TLog extends object> {
  readonly path: string;
  #log: TLog;
  #queue: Promise<void> = Promise.resolve();
  #next: Promise<void> | undefined;
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

  /** Applies `change` to the in-memory log; resolves once a write that includes it is on disk. */
  update(change: (log: TLog) => TLog | void): Promise<void> {
    const next = change(this.#log);
    if (next !== undefined) this.#log = next;
    if (this.#next === undefined) {
      this.#next = this.#queue.then(async () => {
        this.#next = undefined;
        await writeFileAtomic(this.path, `${JSON.stringify(this.#log, null, 2)}\n`);
        this.#writes += 1;
      });
      this.#queue = this.#next;
    }
    return this.#next;
  }

  /** Waits for every scheduled write. */
  flush(): Promise<void> {
    return this.#queue;
  }
}

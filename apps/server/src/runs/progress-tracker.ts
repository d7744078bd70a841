import type { TRunProgress } from '@kroma/contract';

/** Persisting more often than this per run gains a watcher nothing and costs the shared database connection. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * Throttles one run's progress writes to at most one per interval, but writes a change of status or stage at
 * once; writes never overlap and the last value always lands (`flush`).
 */
export class ProgressTracker {
  private latest: TRunProgress;
  private persisted: TRunProgress | undefined;
  private lastWriteAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    initial: TRunProgress,
    private readonly persist: (progress: TRunProgress) => Promise<void>,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {
    this.latest = initial;
    this.persisted = initial;
  }

  get current(): TRunProgress {
    return this.latest;
  }

  update(progress: TRunProgress): void {
    const before = this.persisted;
    this.latest = progress;
    const milestone = before === undefined || before.status !== progress.status || before.stage !== progress.stage;
    const wait = this.lastWriteAt + this.intervalMs - Date.now();
    if (milestone || wait <= 0) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), wait);
  }

  /** Writes the latest progress (if not written yet) after any write in flight. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const progress = this.latest;
    if (progress === this.persisted) return this.chain;
    this.persisted = progress;
    this.lastWriteAt = Date.now();
    this.chain = this.chain.then(() => this.persist(progress)).catch(() => undefined);
    return this.chain;
  }
}

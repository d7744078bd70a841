import type { TInstructionSource } from '../backend/types.js';
import { errorLine } from '../util/redact.js';

/** Why work stops when the lock is gone: a cancel or a reclaim won, so the result must not be written. */
export class LockLostError extends Error {
  override readonly name = 'LockLostError';
  constructor(readonly status: string) {
    super(`lock lost (instruction is ${status || 'gone'})`);
  }
}

/** Renews a claimed instruction's lock while it is worked on; tells the owner once the lock is lost. */
export class LockKeeper {
  private timer: NodeJS.Timeout | undefined;
  private beating = false;
  lostStatus: string | undefined;

  constructor(
    private readonly source: TInstructionSource,
    private readonly instructionId: string,
    private readonly workerId: string,
    private readonly intervalMs: number,
    private readonly onLost: (error: LockLostError) => void,
    private readonly log: (message: string) => void,
  ) {}

  get lost(): boolean {
    return this.lostStatus !== undefined;
  }

  start(): void {
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async beat(): Promise<void> {
    if (this.beating || this.timer === undefined) return;
    this.beating = true;
    try {
      const { locked, status } = await this.source.heartbeat(this.instructionId, this.workerId);
      if (!locked && this.timer !== undefined) {
        this.lostStatus = status;
        this.stop();
        this.onLost(new LockLostError(status));
      }
    } catch (error) {
      // A missed beat is not a lost lock: the lock only goes stale after maxLocked, three intervals away.
      this.log(`instruction ${this.instructionId}: heartbeat failed: ${errorLine(error)}`);
    } finally {
      this.beating = false;
    }
  }
}

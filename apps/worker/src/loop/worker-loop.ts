import { isKromaError } from '@kroma/contract';
import type { TClaimed, TCompletionRequest, TWorkerBackend } from '../backend/types.js';
import { workResultOfError } from '../handlers/errors.js';
import { handlerFor } from '../handlers/index.js';
import type { TWorkResult } from '../handlers/types.js';
import type { TWorkerSettings } from '../options.js';
import { sleepUnlessAborted } from '../util/abortable.js';
import { errorLine } from '../util/redact.js';
import { LockKeeper } from './lock-keeper.js';

export interface TWorkerLoopOptions {
  backend: TWorkerBackend;
  settings: TWorkerSettings;
  /** What local work reads (`OPENAI_*`, tool keys, model defaults). */
  env: NodeJS.ProcessEnv;
  /** One line per notable event (errors, lost locks, releases); default silent. */
  log?: (message: string) => void;
}

export interface TWorkerSummary {
  workerId: string;
  /** Instructions claimed and carried to the end of an attempt. */
  processed: number;
}

/** The abort reason of work stopped by a shutdown whose grace period ran out. */
export class ShutdownError extends Error {
  override readonly name = 'ShutdownError';
  constructor() {
    super('worker shutting down');
  }
}

/** A completion that cannot reach the queue is tried this often before the stale-lock rule takes over. */
const COMPLETE_TRIES = 5;

/**
 * Claim → work (heartbeats keep the lock) → complete, until stopped. Idle, it sleeps the poll interval. `stop()`
 * claims nothing more and lets the current instruction finish within the grace period; then (or on a second
 * `stop()`) the work is aborted and the instruction released, never dropped.
 */
export class WorkerLoop {
  private stopping = false;
  private readonly idle = new AbortController();
  private current: AbortController | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private processed = 0;

  constructor(private readonly options: TWorkerLoopOptions) {}

  /** Instructions carried to the end of an attempt so far. */
  get processedCount(): number {
    return this.processed;
  }

  private get settings(): TWorkerSettings {
    return this.options.settings;
  }

  private log(message: string): void {
    this.options.log?.(message);
  }

  async run(): Promise<TWorkerSummary> {
    const { source } = this.options.backend;
    const { workerId, maxLockedSeconds, defaultMaxAttempts, once } = this.settings;
    while (!this.stopping) {
      let claimed: TClaimed | undefined;
      try {
        claimed = await source.claim({ workerId, maxLockedSeconds, defaultMaxAttempts });
      } catch (error) {
        if (once) throw error;
        this.log(`claim failed: ${errorLine(error)}`);
      }
      if (claimed !== undefined) {
        await this.process(claimed);
        this.processed += 1;
      }
      if (once) break;
      if (claimed === undefined) await sleepUnlessAborted(this.settings.pollIntervalSeconds * 1000, this.idle.signal);
    }
    return { workerId, processed: this.processed };
  }

  /** First call: graceful (finish or, after the grace period, release). Second call: release now. */
  stop(): void {
    if (this.stopping) {
      this.current?.abort(new ShutdownError());
      return;
    }
    this.stopping = true;
    this.idle.abort();
    this.armGrace();
  }

  private armGrace(): void {
    if (this.current === undefined || this.graceTimer !== undefined) return;
    const work = this.current;
    this.graceTimer = setTimeout(() => work.abort(new ShutdownError()), this.settings.shutdownGraceSeconds * 1000);
  }

  private async process(claimed: TClaimed): Promise<void> {
    const { backend, env } = this.options;
    const { instruction } = claimed;
    const work = new AbortController();
    this.current = work;
    if (this.stopping) this.armGrace();
    const keeper = new LockKeeper(
      backend.source,
      instruction.id,
      this.settings.workerId,
      (this.settings.maxLockedSeconds * 1000) / 3,
      (lost) => work.abort(lost),
      (message) => this.log(message),
    );
    keeper.start();
    let result: TWorkResult | undefined;
    try {
      const handler = handlerFor(instruction.instruction_type);
      result = await handler({ claimed, backend, settings: this.settings, env, signal: work.signal, log: (message) => this.log(message) });
    } catch (error) {
      if (!work.signal.aborted) result = workResultOfError(error);
    } finally {
      keeper.stop();
      clearTimeout(this.graceTimer);
      this.graceTimer = undefined;
      this.current = undefined;
    }
    if (keeper.lost) {
      this.log(`instruction ${instruction.id}: lock lost (status ${keeper.lostStatus || 'unknown'}); result dropped`);
      return;
    }
    if (result === undefined) this.log(`instruction ${instruction.id}: released (shutdown)`);
    await this.complete(instruction.id, result === undefined ? { outcome: 'release' } : result);
  }

  private async complete(instructionId: string, result: TWorkResult | { outcome: 'release' }): Promise<void> {
    const { retryBackoffSeconds, defaultMaxAttempts, workerId } = this.settings;
    const completion: TCompletionRequest = { ...result, retryBackoffSeconds, pollAfterSeconds: retryBackoffSeconds, defaultMaxAttempts };
    for (let attempt = 1; attempt <= COMPLETE_TRIES; attempt += 1) {
      try {
        const { applied, instruction } = await this.options.backend.source.complete(instructionId, workerId, completion);
        if (!applied) this.log(`instruction ${instructionId}: result not applied (status ${instruction.status}): a cancel or reclaim won`);
        return;
      } catch (error) {
        if (isKromaError(error) && error.kind !== 'internal' && error.kind !== 'unavailable') {
          this.log(`instruction ${instructionId}: completion refused: ${errorLine(error)}`);
          return;
        }
        this.log(`instruction ${instructionId}: completion failed (try ${attempt} of ${COMPLETE_TRIES}): ${errorLine(error)}`);
        if (attempt < COMPLETE_TRIES) await new Promise((resolve) => setTimeout(resolve, Math.min(attempt, 5) * 1000));
      }
    }
  }
}

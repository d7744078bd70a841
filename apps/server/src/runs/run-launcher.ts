import { setTimeout as delay } from 'node:timers/promises';
import { conflictError, nowTimestamp, type TPostprocessConfig, type TRunLog, type TRunProgress, type TRunState, type TRunSummary } from '@kroma/contract';
import { ingestRunLog, loadRunControl, saveRunProgress, type KromaStore } from '@kroma/db';
import { RunQueue, type TConfigRoots } from '@kroma/pipeline';
import type { Logger } from 'pino';
import { ProgressTracker } from './progress-tracker.js';
import { RunEventsHub } from './run-events-hub.js';
import { costOfLog, progressFromEngine } from './run-progress.js';
import { firstLine, performRunWork, readRunLogFile, type TRunOutcome, type TRunWork } from './run-work.js';

export const INTERRUPTED_REASON = 'the server stopped while this run was in flight';
const CANCELED_REASON = 'canceled by request';

export interface TLaunchSpec {
  runId: string;
  slug: string;
  /** Absolute. */
  runLogPath: string;
  roots: TConfigRoots;
  apiKey: string;
  work: TRunWork;
  postprocessConfig?: TPostprocessConfig;
  /** The progress already stored for the run (`queued`). */
  initial: TRunProgress;
}

export interface TLaunched {
  queued: Promise<void>;
  done: Promise<void>;
}

interface TActiveRun {
  spec: TLaunchSpec;
  tracker: ProgressTracker;
  /** Why it is being stopped, when it is. */
  stop?: 'cancel' | 'shutdown';
  done?: Promise<void>;
}

export interface TRunLauncherOptions {
  store: KromaStore;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  hub: RunEventsHub;
  concurrency: number;
}

/**
 * Executes runs in the background through a concurrency-limited queue: live progress (throttled to the database,
 * pushed to watchers), then ingest of the run log, the run's final state and the watchers' `end`.
 */
export class RunLauncher {
  private readonly queue: RunQueue;
  private readonly active = new Map<string, TActiveRun>();
  private stopping = false;

  constructor(private readonly options: TRunLauncherOptions) {
    this.queue = new RunQueue({ concurrency: options.concurrency });
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  isActiveLog(runLogPath: string): boolean {
    return [...this.active.values()].some((entry) => entry.spec.runLogPath === runLogPath);
  }

  /**
   * Queues the run, storing `spec.initial` first when `storeInitial` (`queued` resolves then); `done` resolves
   * once it has ended and its final state is stored (neither rejects). Refuses (409) an active run, synchronously.
   */
  launch(spec: TLaunchSpec, storeInitial = false): TLaunched {
    if (this.stopping) throw conflictError('The server is shutting down; try again once it is back');
    if (this.active.has(spec.runId)) throw conflictError('Run is active; cancel it or wait for it to end');
    const entry: TActiveRun = { spec, tracker: new ProgressTracker(spec.initial, (p) => this.persist(entry, p)) };
    this.active.set(spec.runId, entry);
    let outcome: TRunOutcome = { kind: 'not_started' };
    const task = async (signal: AbortSignal): Promise<void> => {
      if (entry.stop !== undefined) return;
      entry.tracker.update({ ...entry.tracker.current, status: 'running', stage: 'starting', updated_at: nowTimestamp() });
      outcome = await performRunWork(spec.work, {
        ...spec,
        env: this.options.env,
        signal,
        onProgress: (progress) => {
          entry.tracker.update(progressFromEngine(progress, entry.tracker.current, progress.cost_usd ?? entry.tracker.current.cost_usd));
        },
      });
    };
    const queued = storeInitial ? saveRunProgress(this.options.store, spec.runId, spec.initial) : Promise.resolve();
    const done = queued
      .then(() => this.queue.enqueue(spec.runId, task))
      .then(({ error }) => {
        if (error !== undefined && outcome.kind === 'not_started' && entry.stop === undefined) {
          outcome = { kind: 'crashed', error: firstLine(error instanceof Error ? error.message : String(error)) };
        }
        return this.finish(entry, outcome);
      })
      .catch((error: unknown) => {
        this.active.delete(spec.runId);
        this.options.hub.end(spec.runId, undefined);
        this.options.logger.error({ runId: spec.runId, err: error }, 'run finalisation failed');
      });
    entry.done = done;
    return { queued: queued.catch(() => undefined), done };
  }

  /** Stops an active run and waits (at most `timeoutMs`) until its final state is stored. */
  async cancel(runId: string, timeoutMs: number): Promise<void> {
    const entry = this.active.get(runId);
    if (entry === undefined) return;
    entry.stop ??= 'cancel';
    this.queue.cancel(runId, new Error(CANCELED_REASON));
    await Promise.race([entry.done, delay(timeoutMs)]);
  }

  /** Aborts every run; each writes its log and is recorded `interrupted` (resumable). */
  async shutdown(): Promise<void> {
    this.stopping = true;
    for (const entry of this.active.values()) entry.stop ??= 'shutdown';
    const pending = [...this.active.values()].map((entry) => entry.done);
    await this.queue.abortAll(new Error(INTERRUPTED_REASON));
    await Promise.all(pending);
    this.options.hub.endAll();
  }

  private async persist(entry: TActiveRun, progress: TRunProgress): Promise<void> {
    const { runId, slug } = entry.spec;
    const { store, hub, logger } = this.options;
    try {
      await saveRunProgress(store, runId, progress);
      if (hub.hasListeners(runId)) hub.publish(runId, (await loadRunControl(store, slug, runId)).run);
    } catch (error) {
      logger.warn({ runId, err: error }, 'run progress not saved');
    }
  }

  private async finish(entry: TActiveRun, outcome: TRunOutcome): Promise<void> {
    const { spec, tracker } = entry;
    const { store, hub } = this.options;
    tracker.update({ ...tracker.current, stage: 'ingest', updated_at: nowTimestamp() });
    await tracker.flush();
    let log: TRunLog | undefined;
    let ingestStatus: string | undefined;
    let ingestError = '';
    try {
      log = await readRunLogFile(spec.runLogPath);
      ingestStatus = (await ingestRunLog(store, { runLogPath: spec.runLogPath, log, createProjectIfMissing: false })).status;
    } catch (error) {
      ingestError = `run log not ingested: ${firstLine(error instanceof Error ? error.message : String(error))}`;
    }
    const [status, reason] = finalState(outcome, entry.stop, ingestStatus);
    const final: TRunProgress = {
      ...tracker.current,
      status,
      stage: 'finished',
      cost_usd: log === undefined ? tracker.current.cost_usd : costOfLog(log),
      error: [reason, ingestError].filter((text) => text !== '').join('; '),
      updated_at: nowTimestamp(),
    };
    await saveRunProgress(store, spec.runId, final);
    this.active.delete(spec.runId);
    let summary: TRunSummary | undefined;
    try {
      summary = (await loadRunControl(store, spec.slug, spec.runId)).run;
    } finally {
      hub.end(spec.runId, summary);
    }
  }
}

/** The run's status and reason once its execution has ended and its log was ingested. */
function finalState(outcome: TRunOutcome, stop: TActiveRun['stop'], ingestStatus: string | undefined): [TRunState, string] {
  switch (outcome.kind) {
    case 'aborted':
    case 'not_started':
      return stop === 'shutdown' ? ['interrupted', INTERRUPTED_REASON] : ['canceled', CANCELED_REASON];
    case 'cost_cap':
      return ['canceled', outcome.error];
    case 'crashed':
      return ['failed', outcome.error];
    case 'jobs_failed':
      return [(ingestStatus as TRunState | undefined) ?? 'failed', outcome.error];
    case 'finished':
      return [(ingestStatus as TRunState | undefined) ?? 'failed', ''];
  }
}

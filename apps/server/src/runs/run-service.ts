import {
  nowTimestamp,
  validationError,
  type TRunStarted,
  type TTriggerRunBody,
} from '@kroma/contract';
import {
  createRunRecord,
  ingestRunLog,
  loadCharacterCards,
  loadRunControl,
  loadTriggerTarget,
  markInterruptedRuns,
  newId,
  saveRunProgress,
  type KromaStore,
} from '@kroma/db';
import {
  bindTriggerToProject,
  formatRunProtocol,
  parseTriggerRequest,
  planTriggeredRun,
  type TPipelineTriggerRequest,
  type TRunProtocolSummary,
} from '@kroma/pipeline';
import type { Logger } from 'pino';
import { syncAfterRun } from '../storage/post-run-sync.js';
import { requireOpenAIKey } from './openai-key.js';
import { RunEventsHub } from './run-events-hub.js';
import { INTERRUPTED_REASON, RunLauncher, type TLaunchSpec } from './run-launcher.js';
import { startingProgress, totalsOf } from './run-progress.js';
import { shownPath } from './run-protocol.js';
import { firstLine } from './run-work.js';
import { storedTriggerOf } from './trigger-body.js';

export interface TRunServiceOptions {
  store: KromaStore;
  /** What runs read: `OPENAI_API_KEY` (fallback), `OPENAI_BASE_URL`, `OPENAI_IMAGE_*`, tool keys. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Runs executing at once; the rest wait (default 2). */
  maxConcurrentRuns?: number;
}

/** What a started run answers with besides its summary: the protocol lines and the notes for stderr. */
export interface TStartedRun {
  slug: string;
  runId: string;
  protocol: TRunProtocolSummary;
  notes: string[];
  /** The answer waited for the end of the run. */
  waited: boolean;
}

/** Cancel waits this long for a run to write its log and reach `canceled`. */
export const CANCEL_WAIT_MS = 10_000;

/** Runs started through the API: trigger (dry at once, paid in the background), progress, cancel, shutdown. */
export class RunService {
  readonly hub = new RunEventsHub();
  readonly launcher: RunLauncher;

  constructor(readonly options: TRunServiceOptions) {
    this.launcher = new RunLauncher({
      store: options.store,
      env: options.env,
      logger: options.logger,
      hub: this.hub,
      concurrency: options.maxConcurrentRuns ?? 2,
    });
  }

  get store(): KromaStore {
    return this.options.store;
  }

  /** At startup: runs left `queued`/`running` by a server that stopped become `interrupted` (resumable). */
  recover(): Promise<string[]> {
    return markInterruptedRuns(this.store, INTERRUPTED_REASON);
  }

  /** Aborts the runs in flight (they write their logs and become `interrupted`) and ends every event stream. */
  shutdown(): Promise<void> {
    return this.launcher.shutdown();
  }

  /** `POST …/runs/trigger`: every body check (400) → the project (404) → `project_root` (400) → the run. */
  async trigger(slug: string, body: TTriggerRunBody): Promise<TRunStarted> {
    const input = parseTriggerRequest(body);
    const target = await loadTriggerTarget(this.store, slug);
    return this.answer(await this.startNew(bindTriggerToProject(input, target, this.store.appRoot), body.wait === true));
  }

  private async startNew(request: TPipelineTriggerRequest, wait: boolean): Promise<TStartedRun> {
    const { store } = this;
    const apiKey = request.mode === 'run' ? await requireOpenAIKey(store, request.projectId, this.options.env) : undefined;
    const notes: string[] = [];
    const warn = (message: string) => notes.push(`warning: ${message}`);
    const runId = newId();
    const characterCards = await loadCharacterCards(store, request.projectSlug, { projectRoot: request.projectRoot, warn });
    const plan = await planTriggeredRun(request, { appRoot: store.appRoot, env: this.options.env, characterCards, runId, warn });
    const { log } = plan;
    const totals = totalsOf(log, plan.estimate.total_usd);
    const dry = request.mode === 'dry';
    const initial = startingProgress(dry ? 'running' : 'queued', dry ? 'ingest' : 'queued', totals);
    await createRunRecord(store, {
      id: runId,
      projectId: request.projectId,
      runLogPath: plan.runLogPath,
      mode: request.mode,
      stage: log.stage,
      time: log.time,
      weather: log.weather,
      model: log.model,
      size: log.size,
      quality: log.quality,
      trigger: storedTriggerOf(request),
      progress: initial,
    });
    const started: TStartedRun = {
      slug: request.projectSlug,
      runId,
      notes,
      waited: wait || dry,
      protocol: {
        run_log_path: shownPath(plan.runLogPath, store.appRoot),
        project_slug: request.projectSlug,
        project_root: shownPath(request.projectRoot, store.appRoot),
        jobs: log.jobs.length,
        mode: request.mode,
      },
    };
    if (dry) {
      await this.finishDry(runId, plan.runLogPath, log, initial);
      return started;
    }
    const { done } = this.launcher.launch({
      runId,
      slug: request.projectSlug,
      runLogPath: plan.runLogPath,
      roots: { appRoot: store.appRoot, projectRoot: request.projectRoot },
      apiKey: apiKey ?? '',
      work: { kind: 'execute', log },
      postprocessConfig: plan.postprocessConfig,
      initial,
    });
    const { logger } = this.options;
    const ended = request.storageSyncS3 ? done.then(() => syncAfterRun({ store, logger, slug: request.projectSlug, runId, notes })) : done;
    if (wait) await ended;
    return started;
  }

  /** A dry run is its plan: ingested before the answer. */
  private async finishDry(runId: string, runLogPath: string, log: unknown, initial: ReturnType<typeof startingProgress>) {
    try {
      const ingest = await ingestRunLog(this.store, { runLogPath, log, createProjectIfMissing: false });
      const progress = { ...initial, status: ingest.status, stage: 'finished', jobs_done: initial.jobs_total, updated_at: nowTimestamp() };
      await saveRunProgress(this.store, runId, progress);
    } catch (error) {
      const message = firstLine(error instanceof Error ? error.message : String(error));
      await saveRunProgress(this.store, runId, { ...initial, status: 'failed', stage: 'finished', error: message, updated_at: nowTimestamp() });
      throw error;
    }
  }

  /** Launches an execution of an existing run (resume, regenerate) under its own id. */
  async relaunch(spec: TLaunchSpec, protocol: TRunProtocolSummary, wait: boolean): Promise<TRunStarted> {
    const { queued, done } = this.launcher.launch(spec, true);
    await (wait ? done : queued);
    return this.answer({ slug: spec.slug, runId: spec.runId, protocol, notes: [], waited: wait });
  }

  /** `{ok, pipeline_trigger, run_id, run}`; a failed run the client waited for is the original's 400. */
  async answer(started: TStartedRun): Promise<TRunStarted> {
    const { run } = await loadRunControl(this.store, started.slug, started.runId);
    const finishedBadly = started.waited && run.status !== 'ok';
    if (started.waited && run.status === 'failed') {
      const detail = firstLine(run.progress.error);
      throw validationError(detail ? `Pipeline command failed: ${detail}` : 'Pipeline command failed');
    }
    const stderrLines = [...started.notes, ...(finishedBadly && run.progress.error ? [run.progress.error] : [])];
    return {
      ok: true,
      pipeline_trigger: {
        mode: started.protocol.mode,
        status_code: finishedBadly ? 1 : 0,
        stdout: formatRunProtocol(started.protocol),
        stderr: stderrLines.map((line) => `${line}\n`).join(''),
        adapter: 'in_process',
        run_id: started.runId,
      },
      run_id: started.runId,
      run,
    };
  }
}

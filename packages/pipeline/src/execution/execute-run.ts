import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { validationError, type TRunLog, type TRunLogCandidate, type TRunLogJob } from '@kroma/contract';
import pLimit from 'p-limit';
import { candidateFileName } from '../planning/candidates.js';
import { precreatedDirs, projectLayout } from '../planning/layout.js';
import { displayPath } from '../paths.js';
import { ZERO_RANK } from '../qa/rank.js';
import { guardCandidate } from './candidate-guard.js';
import { CostCapReachedError, CostGuard } from './cost-cap.js';
import { costEvent, perCallEstimateUsd } from './cost-events.js';
import { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_CONCURRENCY, type TExecuteRunDeps, type TExecuteRunOptions } from './engine-types.js';
import { GenerationError, generateCandidate, requestRecord } from './generate-candidate.js';
import { finishRun, type TStop } from './finish-run.js';
import { candidateCount, pendingCandidates, progressOf, putCandidate, resetJob, settleJob } from './job-state.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';
import { RunLogWriter } from './run-log-writer.js';

interface TGeneratedPhase {
  candidate: TRunLogCandidate;
  target: string;
  reservation: ReturnType<CostGuard['reserve']>;
  generationUsd: number;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function selectJobs(log: TRunLog, only: readonly string[] | undefined): Set<string> {
  if (only === undefined) return new Set(log.jobs.map((job) => job.id));
  const known = new Set(log.jobs.map((job) => job.id));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length > 0) throw validationError(`unknown job id(s): ${unknown.join(', ')}`);
  return new Set(only);
}

const sumCosts = (log: TRunLog): number =>
  Math.round((log.cost_events ?? []).reduce((sum, event) => sum + event.total_cost_usd, 0) * 1e6) / 1e6;

/**
 * Executes a planned run (or part of an executed one): image calls under a concurrency limit, retries and a cost
 * cap, then post-process, output guard and ranking per candidate, and finalisation per job. Every change goes to
 * the run log on disk at once, so a failed or killed run leaves a valid log holding what finished (§10.25).
 */
export function executeRun(log: TRunLog, deps: TExecuteRunDeps, options: TExecuteRunOptions): Promise<TRunLog> {
  return runEngine(log, deps, options, false);
}

export async function runEngine(
  input: TRunLog,
  deps: TExecuteRunDeps,
  options: TExecuteRunOptions,
  keepFinished: boolean,
): Promise<TRunLog> {
  const now = options.now ?? (() => new Date());
  const { appRoot, projectRoot, signal } = options;
  const log: TRunLog = structuredClone(input);
  const selected = selectJobs(log, options.only);
  const jobs = log.jobs.filter((job) => selected.has(job.id));
  for (const job of jobs) resetJob(job, keepFinished);

  const settings = { model: log.model, size: log.size, quality: log.quality };
  const capUsd = options.maxCostUsd ?? log.cost?.cap_usd ?? undefined;
  const priorUsd = sumCosts(log);
  const costGuard = new CostGuard(capUsd === undefined ? undefined : Math.max(0, capUsd - priorUsd));
  const callEstimateUsd = perCallEstimateUsd(settings, log.postprocess.bg_refine_openai ? 1 : 0);
  log.mode = 'run';
  log.cost_events = log.cost_events ?? [];
  log.cost = { estimate_usd: log.cost?.estimate_usd ?? 0, actual_usd: priorUsd, cap_usd: capUsd ?? null };
  log.progress = progressOf(log, selected, 'running', 'generate', now());

  const layout = projectLayout(projectRoot);
  for (const dir of precreatedDirs(layout)) await mkdir(dir, { recursive: true });
  const writer = new RunLogWriter<TRunLog>(options.runLogPath, log);
  const record = async (stage: string): Promise<void> => {
    log.cost = { ...log.cost!, actual_usd: sumCosts(log) };
    log.progress = progressOf(log, selected, 'running', stage, now());
    const progress = { ...log.progress };
    await writer.update(() => undefined);
    options.onProgress?.(progress);
  };
  await record('generate');
  // Inside a call slot the log is written without waiting for the disk, so a slow write never delays the next
  // paid call; the first failed write still fails the run (checked before finishing).
  let recordFailure: unknown;
  const recordInBackground = (stage: string): void => {
    record(stage).catch((error: unknown) => {
      recordFailure ??= error;
    });
  };

  let stop: TStop | undefined;
  const onAbort = () => {
    stop ??= { kind: 'aborted' };
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const callLimit = pLimit(concurrency);
  const finishLimit = pLimit(concurrency);
  const generation = {
    editor: deps.editor,
    appRoot,
    projectRoot,
    retry: options.retry ?? DEFAULT_RETRY_POLICY,
    callTimeoutMs: options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    ...(signal !== undefined && { signal }),
    now,
  };

  const settle = async (job: TRunLogJob, candidate: TRunLogCandidate, stage: string) => {
    putCandidate(job, candidate);
    settleJob(log, job);
    await record(stage);
  };

  /** Reserve, call, write: the part that holds one of the `concurrency` call slots. */
  async function generatePhase(job: TRunLogJob, index: number): Promise<TGeneratedPhase | undefined> {
    if (stop !== undefined) return undefined;
    let reservation: ReturnType<CostGuard['reserve']>;
    try {
      reservation = costGuard.reserve(callEstimateUsd);
    } catch (error) {
      if (!(error instanceof CostCapReachedError)) throw error;
      stop ??= { kind: 'cost_cap', error };
      return undefined;
    }
    const target = join(layout.outputs, candidateFileName(job.id, index, candidateCount(log, job)));
    const call = {
      ...settings,
      prompt: job.prompt,
      inputImages: job.input_images,
      target,
      runId: log.run_id ?? '',
      jobId: job.id,
    };
    const base = { candidate_index: index, output: displayPath(target, appRoot), rank: { ...ZERO_RANK } };
    job.status = 'running';
    recordInBackground('generate');
    let generated: Awaited<ReturnType<typeof generateCandidate>>;
    try {
      generated = await generateCandidate(call, generation);
    } catch (error) {
      reservation.release();
      if (signal?.aborted) return undefined;
      const attempts = error instanceof GenerationError ? { attempts: error.attempts, duration_ms: error.durationMs } : {};
      const failed = { ...base, status: 'failed' as const, request: requestRecord(call), ...attempts, error: errorMessage(error) };
      await settle(job, failed, 'generate');
      return undefined;
    }
    const candidate: TRunLogCandidate = {
      ...base,
      status: 'generated',
      request: generated.request,
      output_sha256: generated.outputSha256,
      attempts: generated.attempts,
      duration_ms: generated.durationMs,
    };
    const generationCost = costEvent('image_generation', settings, job.id, index, generated.usage);
    log.cost_events!.push(generationCost);
    putCandidate(job, candidate);
    recordInBackground('postprocess');
    return { candidate, target, reservation, generationUsd: generationCost.total_cost_usd };
  }

  /** Post-process, output guard and rank: the part after the call, under its own limit. */
  async function finishPhase(job: TRunLogJob, generated: TGeneratedPhase): Promise<void> {
    const { candidate, target, reservation } = generated;
    const index = candidate.candidate_index;
    let finalFile = target;
    let spentUsd = generated.generationUsd;
    if (deps.postprocess !== undefined) {
      try {
        const post = await deps.postprocess({ job, candidateIndex: index, rawOutput: target });
        const { finalOutput, refineCalls, refineUsage, ...passes } = post;
        Object.assign(candidate, passes);
        finalFile = resolve(appRoot, finalOutput);
        if (refineCalls > 0) {
          const refineCost = costEvent('bg_refine', settings, job.id, index, refineUsage, refineCalls);
          log.cost_events!.push(refineCost);
          spentUsd += refineCost.total_cost_usd;
        }
      } catch (error) {
        reservation.settle(spentUsd);
        await settle(job, { ...candidate, status: 'failed', error: errorMessage(error) }, 'postprocess');
        return;
      }
    }
    reservation.settle(spentUsd);
    await record('qa');
    const guardSettings = job.planned_output_guard ?? log.output_guard;
    const guarded = await guardCandidate(finalFile, guardSettings, { analyzer: deps.analyzer, appRoot, projectRoot, now });
    await settle(job, { ...candidate, ...guarded }, 'qa');
  }

  const runCandidate = async (job: TRunLogJob, index: number): Promise<void> => {
    const generated = await callLimit(() => generatePhase(job, index));
    if (generated !== undefined) await finishLimit(() => finishPhase(job, generated));
  };
  const outcomes = await Promise.allSettled(
    jobs.flatMap((job) => pendingCandidates(log, job).map((index) => runCandidate(job, index))),
  );
  signal?.removeEventListener('abort', onAbort);
  const crash = outcomes.find((outcome) => outcome.status === 'rejected');
  if (crash !== undefined || recordFailure !== undefined) {
    await writer.flush().catch(() => undefined);
    throw crash !== undefined ? crash.reason : recordFailure;
  }
  return finishRun({ log, writer, selected, stop, now: now(), projectRoot, onProgress: options.onProgress });
}

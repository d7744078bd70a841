import {
  conflictError,
  validationError,
  type TRunActionBody,
  type TRunStarted,
  type TRunState,
  type TRunSummary,
  type TTriggerRunBody,
} from '@kroma/contract';
import { findRunJobKey, loadRunControl, type TRunControl } from '@kroma/db';
import { requireOpenAIKey } from './openai-key.js';
import { startingProgress } from './run-progress.js';
import { shownPath } from './run-protocol.js';
import { CANCEL_WAIT_MS, type RunService } from './run-service.js';
import { readRunLogFile, type TRunWork } from './run-work.js';
import { remixBody, replayBody } from './trigger-body.js';

const SPEND_NOT_CONFIRMED = 'Run mode requires explicit spend confirmation';
const NO_RECORDED_TRIGGER =
  'Run has no recorded trigger parameters (it was not started through the API); use remix with explicit parameters';
/** States a paid run can be resumed from. */
const RESUMABLE: ReadonlySet<string> = new Set<TRunState>(['interrupted', 'canceled', 'failed', 'partial']);

function requireIdle(service: RunService, control: TRunControl): void {
  if (service.launcher.isActive(control.run.id)) {
    throw conflictError(`Run is active (status: ${control.run.status}); cancel it or wait for it to end`);
  }
}

function requirePaidRun(control: TRunControl, action: string): void {
  if (control.run.run_mode !== 'run') throw conflictError(`Only paid runs can be ${action} (this one is a dry run)`);
}

function requireSpendConfirmation(body: TRunActionBody): void {
  if (body.confirm_spend !== true) throw validationError(SPEND_NOT_CONFIRMED);
}

/** `POST …/runs/{runId}/cancel`: 409 unless this server is running or queuing it; answers the stopped run. */
export async function cancelRun(service: RunService, slug: string, runId: string): Promise<TRunSummary> {
  const control = await loadRunControl(service.store, slug, runId);
  if (!service.launcher.isActive(control.run.id)) throw conflictError(`Run is not active (status: ${control.run.status})`);
  await service.launcher.cancel(control.run.id, CANCEL_WAIT_MS);
  return (await loadRunControl(service.store, slug, runId)).run;
}

/** Runs an existing run's log again under the same id (resume, regenerate). */
async function relaunchExisting(service: RunService, control: TRunControl, work: TRunWork, body: TRunActionBody): Promise<TRunStarted> {
  const apiKey = await requireOpenAIKey(service.store, control.projectId, service.options.env);
  const log = await readRunLogFile(control.runLogPath);
  const { appRoot } = service.store;
  const totals = { jobs: 0, candidates: 0, estimateUsd: control.run.progress.estimate_usd };
  return service.relaunch(
    {
      runId: control.run.id,
      slug: control.projectSlug,
      runLogPath: control.runLogPath,
      roots: { appRoot, projectRoot: control.projectRoot },
      apiKey,
      work,
      initial: startingProgress('queued', 'queued', totals),
    },
    {
      run_log_path: shownPath(control.runLogPath, appRoot),
      project_slug: control.projectSlug,
      project_root: shownPath(control.projectRoot, appRoot),
      jobs: log.jobs.length,
      mode: 'run',
    },
    body.wait === true,
  );
}

/** `POST …/runs/{runId}/resume`: an interrupted, canceled or partly failed paid run, finished from its log. */
export async function resumeRun(service: RunService, slug: string, runId: string, body: TRunActionBody): Promise<TRunStarted> {
  const control = await loadRunControl(service.store, slug, runId);
  requireIdle(service, control);
  requirePaidRun(control, 'resumed');
  if (!RESUMABLE.has(control.run.status)) {
    throw conflictError(`Run cannot be resumed (status: ${control.run.status}); only interrupted, canceled, failed or partial runs can`);
  }
  requireSpendConfirmation(body);
  return relaunchExisting(service, control, { kind: 'resume' }, body);
}

/** `POST …/runs/{runId}/jobs/{jobId}/regenerate`: one job of a paid run generated again, in the same log. */
export async function regenerateJob(
  service: RunService,
  slug: string,
  runId: string,
  jobId: string,
  body: TRunActionBody,
): Promise<TRunStarted> {
  const control = await loadRunControl(service.store, slug, runId);
  requireIdle(service, control);
  const jobKey = await findRunJobKey(service.store, control.run.id, jobId);
  requirePaidRun(control, 'regenerated');
  requireSpendConfirmation(body);
  return relaunchExisting(service, control, { kind: 'regenerate', jobKey }, body);
}

/** `POST …/runs/{runId}/replay`: a new run with the recorded trigger parameters. */
export async function replayRun(service: RunService, slug: string, runId: string, body: TRunActionBody): Promise<TRunStarted> {
  const control = await loadRunControl(service.store, slug, runId);
  if (control.trigger === null) throw validationError(NO_RECORDED_TRIGGER);
  return service.trigger(slug, replayBody(control.trigger, body));
}

/** `POST …/runs/{runId}/remix`: a new run with the recorded parameters overlaid by the request's. */
export async function remixRun(service: RunService, slug: string, runId: string, body: TTriggerRunBody): Promise<TRunStarted> {
  const control = await loadRunControl(service.store, slug, runId);
  return service.trigger(slug, remixBody(control.trigger, body));
}

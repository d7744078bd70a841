import { randomUUID } from 'node:crypto';
import { ZTriggerRunBodySchema, type TRunLog } from '@kroma/contract';
import { bindTriggerToProject, parseTriggerRequest, planTriggeredRun, RunAbortedError, RunFailedError, type TTriggerPlan } from '@kroma/pipeline';
import { errorLine, redact } from '../util/redact.js';
import { finalFailure } from './errors.js';
import { executePlannedRun, readRunLogIfAny } from './pipeline-execute.js';
import type { TWorkContext, TWorkResult } from './types.js';

export const MISSING_OPENAI_KEY = 'OPENAI_API_KEY is not set and the project has no openai/api_key secret';

/** What a `pipeline_run` instruction answers with (stored as its agent response). */
interface TPipelineAnswer {
  ok: boolean;
  run_id: string;
  mode: 'dry' | 'run';
  run_log_path: string;
  jobs: number;
  estimate_usd: number;
  notes: string[];
  ingest?: unknown;
  error?: string;
}

/**
 * `pipeline_run`: the payload is a trigger body (mode, input / scene_refs, …, confirm_spend) validated like the
 * route does it — a paid run without `confirm_spend: true` fails with the route's message, no retry. The plan runs
 * here, then its log is ingested. After paid calls began nothing is retried automatically (it would pay again).
 */
export async function runPipelineInstruction(context: TWorkContext): Promise<TWorkResult> {
  const { backend, claimed, env } = context;
  const body = ZTriggerRunBodySchema.safeParse(claimed.instruction.payload_json);
  if (!body.success) {
    const issue = body.error.issues[0];
    return finalFailure(`payload is not a trigger body: ${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`);
  }
  const input = parseTriggerRequest(body.data);
  const project = await backend.projects.pipelineProject(claimed.projectSlug);
  const request = bindTriggerToProject(input, project.target, backend.appRoot);
  if (request.mode === 'run' && project.apiKey === undefined) return finalFailure(MISSING_OPENAI_KEY);
  const notes = [...project.notes];
  const runId = randomUUID();
  const plan = await planTriggeredRun(request, {
    appRoot: backend.appRoot,
    env,
    characterCards: project.characterCards,
    runId,
    warn: (message) => notes.push(message),
  });
  const answer: TPipelineAnswer = {
    ok: true,
    run_id: runId,
    mode: request.mode,
    run_log_path: plan.runLogPath,
    jobs: plan.log.jobs.length,
    estimate_usd: plan.estimate.total_usd,
    notes,
  };
  if (request.mode === 'dry') return ingestAndAnswer(context, plan.runLogPath, plan.log, answer);
  return runPaid(context, plan, request.projectRoot, project.apiKey ?? '', answer);
}

async function runPaid(context: TWorkContext, plan: TTriggerPlan, projectRoot: string, apiKey: string, answer: TPipelineAnswer): Promise<TWorkResult> {
  const clean = (text: string): string => redact(text, [apiKey]);
  try {
    const finished = await executePlannedRun(context, plan, projectRoot, apiKey);
    return ingestAndAnswer(context, plan.runLogPath, finished, answer);
  } catch (error) {
    if (error instanceof RunFailedError) return ingestAndAnswer(context, plan.runLogPath, error.log, answer, clean(error.message));
    // Whatever was paid for is recorded before the attempt ends: the log on disk holds the finished work.
    const partial = error instanceof RunAbortedError ? error.log : await readRunLogIfAny(plan.runLogPath);
    if (partial !== undefined) await ingestQuietly(context, plan.runLogPath, partial);
    if (context.signal.aborted) throw error;
    return finalFailure(`pipeline run failed: ${clean(errorLine(error))}`);
  }
}

async function ingestQuietly(context: TWorkContext, runLogPath: string, log: TRunLog): Promise<void> {
  try {
    await context.backend.projects.ingest(context.claimed.projectSlug, runLogPath, log);
  } catch (error) {
    context.log(`instruction ${context.claimed.instruction.id}: partial run log not ingested: ${errorLine(error)}`);
  }
}

async function ingestAndAnswer(context: TWorkContext, runLogPath: string, log: TRunLog, answer: TPipelineAnswer, failure?: string): Promise<TWorkResult> {
  let ingest: unknown;
  try {
    ingest = await context.backend.projects.ingest(context.claimed.projectSlug, runLogPath, log);
  } catch (error) {
    const message = `run log not ingested: ${errorLine(error)}`;
    return { outcome: 'failed', error: failure === undefined ? message : `${failure}; ${message}`, response: { ...answer, ok: false, error: message } };
  }
  if (failure !== undefined) return { outcome: 'failed', error: failure, response: { ...answer, ok: false, ingest, error: failure } };
  return { outcome: 'done', response: { ...answer, ingest } };
}

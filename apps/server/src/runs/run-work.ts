import { readFile } from 'node:fs/promises';
import { validationError, type TPostprocessConfig, type TRunLog, type TRunLogProgress } from '@kroma/contract';
import { validateRunLog } from '@kroma/db';
import {
  CostCapReachedError,
  executeRun,
  resumeRun,
  RunAbortedError,
  RunFailedError,
  type TConfigRoots,
  type TExecuteRunOptions,
} from '@kroma/pipeline';
import { engineToolsFor } from './engine-tools.js';
import { withoutSecret } from './openai-key.js';

/** What an execution does with a run's log: run the planned log, finish an unfinished one, or redo one job. */
export type TRunWork = { kind: 'execute'; log: TRunLog } | { kind: 'resume' } | { kind: 'regenerate'; jobKey: string };

/** How an execution ended, before ingest decides the run's status. */
export type TRunOutcome =
  | { kind: 'finished' }
  | { kind: 'jobs_failed'; error: string }
  | { kind: 'cost_cap'; error: string }
  | { kind: 'aborted' }
  | { kind: 'crashed'; error: string }
  | { kind: 'not_started' };

export interface TRunWorkContext {
  runLogPath: string;
  roots: TConfigRoots;
  env: NodeJS.ProcessEnv;
  apiKey: string;
  postprocessConfig?: TPostprocessConfig;
  signal: AbortSignal;
  onProgress: (progress: TRunLogProgress) => void;
}

/** The run log on disk, validated (400 `Run log not found: …` / `Run log is invalid: …`). */
export async function readRunLogFile(path: string): Promise<TRunLog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw validationError(`Run log not found: ${path}`);
  }
  try {
    return validateRunLog(JSON.parse(text) as unknown);
  } catch (error) {
    if (error instanceof SyntaxError) throw validationError(`Run log is not valid JSON: ${error.message}`);
    throw error;
  }
}

/** First line only: the rest of an error can be a stack or a provider's whole answer. */
export const firstLine = (text: string): string => text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';

const messageOf = (error: unknown, apiKey: string): string =>
  withoutSecret(firstLine(error instanceof Error ? error.message : String(error)) || 'unexpected error', apiKey);

/** Runs the engine for one execution of a run; every way it can end becomes an outcome (never throws). */
export async function performRunWork(work: TRunWork, context: TRunWorkContext): Promise<TRunOutcome> {
  const { runLogPath, roots, signal, onProgress } = context;
  try {
    const log = work.kind === 'execute' ? work.log : await readRunLogFile(runLogPath);
    const deps = await engineToolsFor(log, context);
    const options: Omit<TExecuteRunOptions, 'runLogPath'> = { ...roots, signal, onProgress };
    if (work.kind === 'resume') await resumeRun(runLogPath, deps, options);
    else await executeRun(log, deps, { ...options, runLogPath, ...(work.kind === 'regenerate' && { only: [work.jobKey] }) });
    return { kind: 'finished' };
  } catch (error) {
    if (error instanceof RunFailedError) return { kind: 'jobs_failed', error: messageOf(error, context.apiKey) };
    if (error instanceof CostCapReachedError) return { kind: 'cost_cap', error: messageOf(error, context.apiKey) };
    if (error instanceof RunAbortedError || signal.aborted) return { kind: 'aborted' };
    return { kind: 'crashed', error: messageOf(error, context.apiKey) };
  }
}

import { readFile } from 'node:fs/promises';
import { createImageEditorFromEnv, createPostprocessTools, SharpImageAnalyzer } from '@kroma/adapters';
import { validationError, type TRunLog } from '@kroma/contract';
import { DEFAULT_CALL_TIMEOUT_MS, engineDepsFor, executeRun, type TTriggerPlan } from '@kroma/pipeline';
import type { TWorkContext } from './types.js';

/** Runs a planned paid log to its end (throws RunFailedError / RunAbortedError like `executeRun`). */
export async function executePlannedRun(context: TWorkContext, plan: TTriggerPlan, projectRoot: string, apiKey: string): Promise<TRunLog> {
  const { appRoot } = context.backend;
  // The key travels in a copy of the environment, never in process.env.
  const env: NodeJS.ProcessEnv = { ...context.env, OPENAI_API_KEY: apiKey };
  const editor = createImageEditorFromEnv(env, 'OPENAI_API_KEY');
  if (editor === undefined) throw validationError('OPENAI_API_KEY is not set');
  const roots = { appRoot, projectRoot };
  const deps = await engineDepsFor(plan.log, {
    roots,
    editor,
    analyzer: new SharpImageAnalyzer(),
    postprocessConfig: plan.postprocessConfig,
    makeTools: (config) => createPostprocessTools(config, appRoot, env),
    env,
    timeoutMs: DEFAULT_CALL_TIMEOUT_MS,
  });
  return executeRun(plan.log, deps, { runLogPath: plan.runLogPath, ...roots, signal: context.signal });
}

/** The log as the engine last wrote it, when there is a readable one. */
export async function readRunLogIfAny(path: string): Promise<TRunLog | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as TRunLog;
  } catch {
    return undefined;
  }
}

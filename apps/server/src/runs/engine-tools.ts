import { createImageEditorFromEnv, createPostprocessTools, SharpImageAnalyzer } from '@kroma/adapters';
import { validationError, type TPostprocessConfig, type TRunLog } from '@kroma/contract';
import { DEFAULT_CALL_TIMEOUT_MS, engineDepsFor, type TConfigRoots, type TExecuteRunDeps } from '@kroma/pipeline';
import { MISSING_OPENAI_KEY } from './openai-key.js';
import { postprocessConfigFor } from './postprocess-config.js';

export interface TEngineToolsContext {
  roots: TConfigRoots;
  /** The server's environment (`OPENAI_BASE_URL`, tool keys, model defaults). */
  env: NodeJS.ProcessEnv;
  /** The OpenAI key this run uses (project secret or environment). */
  apiKey: string;
  /** The planner's choice for a new run; resolved from the settings layers when absent (resume, regenerate). */
  postprocessConfig?: TPostprocessConfig;
}

/** The engine's adapters for `log`: the OpenAI editor with the run's key, sharp QA, the post-process tools. */
export async function engineToolsFor(log: TRunLog, context: TEngineToolsContext): Promise<TExecuteRunDeps> {
  // The key travels in a copy of the environment, never in process.env.
  const env: NodeJS.ProcessEnv = { ...context.env, OPENAI_API_KEY: context.apiKey };
  const editor = createImageEditorFromEnv(env, 'OPENAI_API_KEY');
  if (editor === undefined) throw validationError(MISSING_OPENAI_KEY);
  const { roots } = context;
  const postprocessConfig = context.postprocessConfig ?? (await postprocessConfigFor(log, roots));
  return engineDepsFor(log, {
    roots,
    editor,
    analyzer: new SharpImageAnalyzer(),
    postprocessConfig,
    makeTools: (config) => createPostprocessTools(config, roots.appRoot, env),
    env,
    timeoutMs: DEFAULT_CALL_TIMEOUT_MS,
  });
}

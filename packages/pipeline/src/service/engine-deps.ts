import type { ImageAnalyzer, ImageEditor } from '@kroma/adapters';
import type { TPostprocessConfig, TRunLog } from '@kroma/contract';
import type { TConfigRoots } from '../config/paths.js';
import type { TExecuteRunDeps } from '../execution/engine-types.js';
import { runPostprocessChain, type TPostprocessAdapters } from '../postprocess/chain.js';
import { loadColorProfiles } from '../postprocess/color-profiles.js';
import { refineSettings } from '../postprocess/refine-settings.js';

export interface TEngineToolsInput {
  roots: TConfigRoots;
  editor: ImageEditor;
  analyzer: ImageAnalyzer;
  /** Only read when the log plans a pass. */
  postprocessConfig: TPostprocessConfig;
  /** Builds the post-process tools; only called when the log plans a pass. */
  makeTools: (config: TPostprocessConfig) => TPostprocessAdapters;
  env: NodeJS.ProcessEnv;
  /** Per-call timeout for refine calls (ms). */
  timeoutMs: number;
}

/** True when the log switches on at least one post-process pass. */
export const plansPostprocess = (log: TRunLog): boolean => log.postprocess.bg_remove || log.postprocess.upscale || log.postprocess.color;

/**
 * The engine's dependencies for `log`: generation, QA and — when a pass is planned — the post-process chain with
 * the colour profiles loaded up front, so a bad colour settings file fails before any paid call.
 */
export async function engineDepsFor(log: TRunLog, input: TEngineToolsInput): Promise<TExecuteRunDeps> {
  const deps: TExecuteRunDeps = { editor: input.editor, analyzer: input.analyzer };
  if (!plansPostprocess(log)) return deps;
  const { roots, postprocessConfig: config } = input;
  const planned = log.postprocess;
  const adapters = input.makeTools(config);
  const colorProfiles = await loadColorProfiles(config.color.settings_file, roots);
  const refine = refineSettings(config, input.env, input.timeoutMs);
  deps.postprocess = async (context) =>
    runPostprocessChain({ ...roots, rawOutput: context.rawOutput, planned, config, adapters, colorProfiles, refine });
  return deps;
}

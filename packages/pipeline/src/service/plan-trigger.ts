import { mkdir, rm } from 'node:fs/promises';
import type { TPostprocessConfig, TRunLog } from '@kroma/contract';
import { resolvePipelineSettings } from '../config/resolve-settings.js';
import type { TConfigRoots } from '../config/paths.js';
import { writeFileAtomic } from '../execution/atomic-file.js';
import type { TCharacterCard } from '../planning/characters.js';
import type { TCostEstimate } from '../planning/cost.js';
import { precreatedDirs, projectLayout } from '../planning/layout.js';
import { planRun } from '../planning/plan-run.js';
import type { TPipelineTriggerRequest } from '../trigger/request.js';
import { claimRunLogPath } from './run-log-file.js';

export interface TTriggerPlanContext {
  appRoot: string;
  /** `OPENAI_IMAGE_MODEL|SIZE|QUALITY` defaults, like the CLI. */
  env: NodeJS.ProcessEnv;
  /** The project's character cards (from the database). */
  characterCards: TCharacterCard[];
  /** The run id written into the log (so the database row and the log agree). */
  runId: string;
  now?: Date;
  warn?: (message: string) => void;
}

export interface TTriggerPlan {
  /** Planned log: dry mode is complete; run mode is the input of `executeRun`. Already written to `runLogPath`. */
  log: TRunLog;
  estimate: TCostEstimate;
  /** Absolute path of the run log file. */
  runLogPath: string;
  /** The post-process config the settings layers chose (needed to build the post-process tools). */
  postprocessConfig: TPostprocessConfig;
}

/** Non-blank env value or undefined. */
const envValue = (env: NodeJS.ProcessEnv, key: string): string | undefined => env[key]?.trim() || undefined;

/**
 * Plans a validated API trigger the way `kroma dry|run` plans (§9.1: stage/time/weather default style/day/clear;
 * manifest, post-process and flags come only from the settings layers), writes the planned log atomically under
 * the project's runs folder and returns it. Planning failures are 400 KromaErrors with the planner's message; the
 * project folders are created only once planning succeeded.
 */
export async function planTriggeredRun(request: TPipelineTriggerRequest, context: TTriggerPlanContext): Promise<TTriggerPlan> {
  const roots: TConfigRoots = { appRoot: context.appRoot, projectRoot: request.projectRoot };
  const now = context.now ?? new Date();
  const settings = await resolvePipelineSettings(roots, request.candidates === undefined ? {} : { candidates: request.candidates });
  const { log, estimate } = await planRun({
    ...roots,
    project: request.projectSlug,
    mode: request.mode,
    confirmSpend: request.confirmSpend,
    selection: { stage: request.stage ?? 'style', time: request.time ?? 'day', weather: request.weather ?? 'clear' },
    manifest: settings.manifest,
    postprocessConfig: settings.postprocessConfig,
    postprocess: settings.postprocess,
    outputGuardEnabled: settings.outputGuardEnabled,
    input: request.input,
    sceneRefs: request.sceneRefs,
    styleRefs: request.styleRefs,
    characterCards: context.characterCards,
    model: envValue(context.env, 'OPENAI_IMAGE_MODEL'),
    size: envValue(context.env, 'OPENAI_IMAGE_SIZE'),
    quality: envValue(context.env, 'OPENAI_IMAGE_QUALITY'),
    resolvedFromBackend: true,
    runId: context.runId,
    now,
  });
  for (const dir of precreatedDirs(projectLayout(request.projectRoot))) await mkdir(dir, { recursive: true });
  const runLogPath = await claimRunLogPath(request.projectRoot, now);
  try {
    await writeFileAtomic(runLogPath, `${JSON.stringify(log, null, 2)}\n`);
  } catch (error) {
    await rm(runLogPath, { force: true });
    throw error;
  }
  return { log, estimate, runLogPath, postprocessConfig: settings.postprocessConfig };
}

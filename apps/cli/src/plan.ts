import { mkdir, readFile } from 'node:fs/promises';
import type { TPostprocessConfig } from '@kroma/contract';
import {
  BOTH_SCENE_SOURCES_MESSAGE,
  planRun,
  precreatedDirs,
  projectLayout,
  resolveContainedPath,
  resolvePipelineSettings,
  type TConfigRoots,
  type TRunMode,
  type TRunPlan,
  type TSettingsOverrides,
  type TStage,
  type TTimeOfDay,
  type TWeather,
} from '@kroma/pipeline';
import { projectCharacterCards, projectSlug, resolveProjectContext, type TCliEnvironment, type TProjectContext } from './context.js';
import { UsageError } from './output.js';

/** The flags of `dry` and `run` (§1.4). */
export interface TPlanFlags extends TSettingsOverrides {
  project?: string;
  projectRoot?: string;
  json?: boolean;
  stage: TStage;
  time: TTimeOfDay;
  weather: TWeather;
  input?: string;
  sceneRefs?: string[];
  styleRefs?: string[];
  jobsFile?: string;
  allowManyCandidates?: boolean;
  confirmSpend?: boolean;
  allowLargeBatch?: boolean;
  characters?: string[];
  model?: string;
  size?: string;
  quality?: string;
}

export interface TPlannedRun extends TRunPlan {
  project: TProjectContext;
  roots: TConfigRoots;
  /** The post-process config the settings chose (the engine's passes need it). */
  postprocessConfig: TPostprocessConfig;
}

async function readJobsFile(path: string, roots: TConfigRoots): Promise<unknown> {
  const file = await resolveContainedPath(path, roots, '--jobs-file');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`--jobs-file not found: ${path}`);
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--jobs-file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Non-blank env value or undefined. */
const envValue = (env: NodeJS.ProcessEnv, key: string): string | undefined => env[key]?.trim() || undefined;

/**
 * Resolves the project and its settings, plans the run, and — only once planning succeeded — creates the
 * project folders (the original created them before validating, §10.17).
 */
export async function planFromFlags(
  cli: TCliEnvironment,
  flags: TPlanFlags,
  mode: TRunMode,
  now: Date,
  warn: (message: string) => void,
): Promise<TPlannedRun> {
  projectSlug(cli, flags.project);
  if (flags.input !== undefined && flags.sceneRefs !== undefined) throw new UsageError(BOTH_SCENE_SOURCES_MESSAGE);
  const project = await resolveProjectContext(cli, flags);
  const roots: TConfigRoots = { appRoot: cli.appRoot, projectRoot: project.projectRoot };
  const settings = await resolvePipelineSettings(roots, flags);
  const plan = await planRun({
    ...roots,
    project: project.slug,
    mode,
    confirmSpend: flags.confirmSpend ?? false,
    selection: { stage: flags.stage, time: flags.time, weather: flags.weather },
    manifest: settings.manifest,
    postprocessConfig: settings.postprocessConfig,
    postprocess: settings.postprocess,
    outputGuardEnabled: settings.outputGuardEnabled,
    input: flags.input,
    sceneRefs: flags.sceneRefs,
    styleRefs: flags.styleRefs,
    jobsFile: flags.jobsFile === undefined ? undefined : await readJobsFile(flags.jobsFile, roots),
    allowLargeBatch: flags.allowLargeBatch,
    allowManyCandidates: flags.allowManyCandidates,
    characters: flags.characters,
    characterCards: await projectCharacterCards(cli, project, warn),
    model: flags.model ?? envValue(cli.env, 'OPENAI_IMAGE_MODEL'),
    size: flags.size ?? envValue(cli.env, 'OPENAI_IMAGE_SIZE'),
    quality: flags.quality ?? envValue(cli.env, 'OPENAI_IMAGE_QUALITY'),
    resolvedFromBackend: project.resolvedFromBackend,
    now,
  });
  for (const dir of precreatedDirs(projectLayout(project.projectRoot))) await mkdir(dir, { recursive: true });
  return { ...plan, project, roots, postprocessConfig: settings.postprocessConfig };
}

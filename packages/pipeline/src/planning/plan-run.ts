import { createHash, randomUUID } from 'node:crypto';
import {
  RUN_LOG_SCHEMA_VERSION,
  validationError,
  type TPipelineManifest,
  type TPostprocessConfig,
  type TRunLog,
  type TRunLogJob,
  type TRunLogOutputGuardSettings,
} from '@kroma/contract';
import type { TConfigRoots } from '../config/paths.js';
import { characterPromptLine, selectCharacters, type TCharacterCard } from './characters.js';
import { estimateRunCost, type TCostEstimate } from './cost.js';
import { assertBatchWithinLimit, assertCandidateCount, assertSpendUnlocked, type TRunMode } from './gates.js';
import { expandManifestJobs, jobsFromFile, parseJobsFile, type TJobDraft } from './jobs.js';
import { planPostprocess, type TPostprocessSwitches } from './postprocess.js';
import { assemblePrompt, STAGES, stagePromptChunks, TIMES_OF_DAY, WEATHERS, type TStageSelection } from './prompt.js';
import { assertStyleRefsAllowed, displayPath, resolveExistingFile } from './refs.js';
import { resolveScenes } from './scenes.js';

/** OpenAI documents at most 16 input images per GPT Image edit. */
export const MAX_INPUT_IMAGES = 16;

export interface TPlanRunInput extends TConfigRoots {
  project: string;
  mode?: TRunMode;
  confirmSpend?: boolean;
  selection: TStageSelection;
  manifest: TPipelineManifest;
  postprocessConfig: TPostprocessConfig;
  postprocess?: TPostprocessSwitches;
  outputGuardEnabled?: boolean;
  input?: string;
  sceneRefs?: string[];
  /** Overrides the manifest's `style_refs`. */
  styleRefs?: string[];
  /** A parsed jobs-file JSON value; replaces manifest job expansion. */
  jobsFile?: unknown;
  candidates?: number;
  allowLargeBatch?: boolean;
  allowManyCandidates?: boolean;
  /** Run-level character names (a jobs-file entry's own list replaces them). */
  characters?: string[];
  characterCards?: TCharacterCard[];
  model?: string;
  size?: string;
  quality?: string;
  costCapUsd?: number | null;
  resolvedFromBackend?: boolean;
  now?: Date;
  runId?: string;
}

export interface TRunPlan {
  log: TRunLog;
  estimate: TCostEstimate;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function assertSelection(selection: TStageSelection): void {
  const checks = [['stage', selection.stage, STAGES], ['time', selection.time, TIMES_OF_DAY], ['weather', selection.weather, WEATHERS]] as const;
  for (const [name, value, allowed] of checks) {
    if (!(allowed as readonly string[]).includes(value)) throw validationError(`${name} must be one of: ${allowed.join(', ')}`);
  }
}

/** Input images of a job: its own, then each named character's references after them, without duplicates. */
async function jobInputImages(draft: TJobDraft, cards: readonly TCharacterCard[], roots: TConfigRoots): Promise<string[]> {
  const refs = [
    ...draft.inputImages.map((ref) => ({ ref, label: `job ${draft.id} input image` })),
    ...cards.flatMap((card) => card.reference_images.map((ref) => ({ ref, label: `character ${card.name} reference image` }))),
  ];
  const images: string[] = [];
  for (const { ref, label } of refs) {
    const path = await resolveExistingFile(ref, roots, label);
    if (!images.includes(path)) images.push(path);
  }
  if (images.length > MAX_INPUT_IMAGES) {
    throw validationError(`job ${draft.id} has ${images.length} input images; the image API takes at most ${MAX_INPUT_IMAGES}`);
  }
  return images.map((path) => displayPath(path, roots.appRoot));
}

async function draftJobs(input: TPlanRunInput, roots: TConfigRoots, styleRefs: string[]): Promise<TJobDraft[]> {
  const characters = input.characters ?? [];
  if (input.jobsFile !== undefined) {
    await resolveScenes({ input: input.input, sceneRefs: input.sceneRefs, manifestSceneRefs: [] }, roots, true);
    return jobsFromFile(parseJobsFile(input.jobsFile), characters);
  }
  const scenes = await resolveScenes(
    { input: input.input, sceneRefs: input.sceneRefs, manifestSceneRefs: input.manifest.scene_refs },
    roots,
  );
  return expandManifestJobs({
    scenes,
    styleRefs,
    selection: input.selection,
    promptHead: stagePromptChunks(input.manifest.prompts, input.selection).join(' '),
    noInvention: input.manifest.policy.default_no_invention,
    characters,
  });
}

/**
 * Plans a run without side effects beyond reading the file system (§1.6, §3, §8.1): the returned log holds every
 * job with status `planned`. Unlike the original it creates no project folders, so a plan that fails leaves
 * nothing behind (§10.17); the caller creates them once planning succeeds.
 */
export async function planRun(input: TPlanRunInput): Promise<TRunPlan> {
  const roots: TConfigRoots = { appRoot: input.appRoot, projectRoot: input.projectRoot };
  const mode = input.mode ?? 'dry';
  const { manifest } = input;
  assertSelection(input.selection);
  const styleRefs = input.styleRefs ?? manifest.style_refs;
  assertStyleRefsAllowed(styleRefs, manifest.policy.allowed_style_roots, roots.appRoot);
  const styleFiles: string[] = [];
  for (const ref of styleRefs) styleFiles.push(await resolveExistingFile(ref, roots, 'style ref'));
  const drafts = await draftJobs(input, roots, styleFiles);
  assertBatchWithinLimit(drafts.length, manifest.safe_batch_limit, input.allowLargeBatch);
  assertSpendUnlocked(mode, input.confirmSpend ?? false);
  const candidates = input.candidates ?? manifest.generation.candidates;
  assertCandidateCount(candidates, manifest.generation.max_candidates, mode, input.allowManyCandidates);

  const postprocess = planPostprocess(input.postprocessConfig, input.postprocess);
  const outputGuard: TRunLogOutputGuardSettings = { enabled: input.outputGuardEnabled ?? true, ...manifest.output_guard };
  const cards = input.characterCards ?? [];
  const jobs: TRunLogJob[] = [];
  for (const draft of drafts) {
    const named = selectCharacters(draft.characters, cards);
    const prompt = assemblePrompt(draft.promptHead, named.map(characterPromptLine), draft.noInvention);
    jobs.push({
      id: draft.id,
      mode: draft.mode,
      time: draft.time,
      weather: draft.weather,
      input_images: await jobInputImages(draft, named, roots),
      prompt,
      status: 'planned',
      planned_generation: { candidates },
      planned_postprocess: postprocess,
      planned_output_guard: outputGuard,
      characters: named.map((card) => card.name),
      prompt_sha256: sha256Hex(prompt),
    });
  }

  const model = input.model ?? 'gpt-image-1';
  const size = input.size ?? '1024x1536';
  const quality = input.quality ?? 'high';
  const refineCalls = postprocess.bg_refine_openai ? jobs.length * candidates : 0;
  const estimate = estimateRunCost({ model, size, quality, jobs: jobs.length, candidates, refineCalls });
  const timestamp = (input.now ?? new Date()).toISOString();
  const log: TRunLog = {
    timestamp,
    project: input.project,
    mode,
    stage: input.selection.stage,
    time: input.selection.time,
    weather: input.selection.weather,
    model,
    size,
    quality,
    generation: { candidates, max_candidates: manifest.generation.max_candidates },
    postprocess,
    output_guard: outputGuard,
    storage: { project_root: input.projectRoot, resolved_from_backend: input.resolvedFromBackend ?? false },
    jobs,
    run_id: input.runId ?? randomUUID(),
    schema_version: RUN_LOG_SCHEMA_VERSION,
    cost: { estimate_usd: estimate.total_usd, actual_usd: 0, cap_usd: input.costCapUsd ?? null },
    cost_events: [],
    progress: {
      status: 'planned',
      stage: 'planned',
      jobs_total: jobs.length,
      jobs_done: 0,
      candidates_total: jobs.length * candidates,
      candidates_done: 0,
      updated_at: timestamp,
    },
  };
  return { log, estimate };
}

// Planning: scenes, jobs, prompts, characters, file names, project layout, safety gates, cost estimate, dry-run log.
export { buildPassOutputPath, fileStem, sanitizeFileStem, sanitizeId } from './sanitize.js';
export { fileStamp, precreatedDirs, projectLayout, runLogPath, type TProjectLayout } from './layout.js';
export { candidateFileName, planCandidatePaths, type TCandidatePaths, type TPassNaming } from './candidates.js';
export { assertStyleRefsAllowed, resolveContainedPath, resolveExistingFile } from './refs.js';
export { BOTH_SCENE_SOURCES_MESSAGE, listImagesRecursive, NO_SCENES_MESSAGE, resolveScenes, type TSceneSources } from './scenes.js';
export {
  assemblePrompt,
  STAGES,
  stagePromptChunks,
  TIMES_OF_DAY,
  WEATHERS,
  type TStage,
  type TStageSelection,
  type TTimeOfDay,
  type TWeather,
} from './prompt.js';
export { characterPromptLine, selectCharacters, type TCharacterCard } from './characters.js';
export {
  expandManifestJobs,
  jobsFromFile,
  parseJobsFile,
  ZJobsFileEntrySchema,
  ZJobsFileSchema,
  type TJobDraft,
  type TJobsFileEntry,
} from './jobs.js';
export { assertBatchWithinLimit, assertCandidateCount, assertSpendUnlocked, type TRunMode } from './gates.js';
export {
  estimateRunCost,
  IMAGE_OUTPUT_PRICES_USD,
  INPUT_ALLOWANCE_PER_CALL_USD,
  type TCostEstimate,
  type TCostEstimateInput,
} from './cost.js';
export { planPostprocess, type TPostprocessSwitches } from './postprocess.js';
export { MAX_INPUT_IMAGES, planRun, sha256Hex, type TPlanRunInput, type TRunPlan } from './plan-run.js';

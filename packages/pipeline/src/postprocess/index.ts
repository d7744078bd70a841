// Post-process chain (§7): bg removal with backend fallback and OpenAI refine, upscale, colour; single-pass verbs.
export {
  runPostprocessChain,
  type TPostprocessAdapters,
  type TPostprocessInput,
  type TPostprocessOutcome,
} from './chain.js';
export {
  colorImages,
  removeBackgrounds,
  upscaleImages,
  type TBgRemoveCommandResult,
  type TBgRemoveFileResult,
  type TColorCommandResult,
  type TColorImagesInput,
  type TRemoveBackgroundsInput,
  type TSinglePassBase,
  type TUpscaleCommandResult,
  type TUpscaleImagesInput,
} from './single-pass.js';
export { NO_REFINE_EDITOR_MESSAGE, refineTempPath, type TRefineSettings } from './bg-refine.js';
export { DEFAULT_UPSCALE_BACKEND, pickUpscaler } from './upscale.js';
export { colorSettingsLabel, pickColorProfile } from './color.js';
export { planPassTargets, type TPassTarget, type TTargetNaming } from './pass-targets.js';
export { refineSettings } from './refine-settings.js';
export { loadColorProfiles } from './color-profiles.js';

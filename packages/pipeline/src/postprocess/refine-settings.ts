import type { TPostprocessConfig } from '@kroma/contract';
import type { TRefineSettings } from './bg-refine.js';

/** Refine call settings: the post-process config's values, else the generation env defaults (§2.3). */
export function refineSettings(config: TPostprocessConfig, env: NodeJS.ProcessEnv, timeoutMs: number): TRefineSettings {
  const openai = config.bg_remove.openai;
  return {
    model: openai.model ?? (env.OPENAI_IMAGE_MODEL?.trim() || 'gpt-image-1'),
    quality: openai.quality ?? (env.OPENAI_IMAGE_QUALITY?.trim() || 'high'),
    prompt: openai.prompt,
    timeoutMs,
  };
}

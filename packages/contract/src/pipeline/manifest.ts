import { z } from 'zod';
import {
  finiteAtLeastZero,
  integerAtLeast,
  NON_EMPTY_STRING_MESSAGE,
  OBJECT_MESSAGE,
  objectOf,
  STRING_MESSAGE,
  strictBoolean,
  textList,
} from './fields.js';

/** Prompt fragments: every value a string (trimmed); keys beyond the five known ones are kept, never used. */
export const ZManifestPromptsSchema = z
  .record(z.string(), z.string({ invalid_type_error: STRING_MESSAGE }).trim(), { invalid_type_error: OBJECT_MESSAGE })
  .superRefine((prompts, ctx) => {
    // `style_base` starts every prompt, so a blank one would only fail later, at planning time.
    if (prompts.style_base === '') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['style_base'], message: NON_EMPTY_STRING_MESSAGE });
    }
  });

/**
 * A planning manifest file, read strictly: unknown keys are ignored, every known key is type-checked, and an
 * absent key keeps its default (see `DEFAULT_PIPELINE_MANIFEST`).
 */
export const ZPipelineManifestSchema = objectOf({
  style_refs: textList().optional(),
  scene_refs: textList().optional(),
  safe_batch_limit: integerAtLeast(1).optional(),
  generation: objectOf({
    candidates: integerAtLeast(1).optional(),
    max_candidates: integerAtLeast(1).optional(),
  }).optional(),
  output_guard: objectOf({
    enforce_grayscale: strictBoolean().optional(),
    max_chroma_delta: finiteAtLeastZero().optional(),
    fail_on_chroma_exceed: strictBoolean().optional(),
  }).optional(),
  policy: objectOf({
    default_no_invention: strictBoolean().optional(),
    allowed_style_roots: textList().optional().describe('style refs must equal a root or sit under one (unset: any)'),
  }).optional(),
  prompts: ZManifestPromptsSchema.optional(),
});
/** What a manifest file says (every key optional). */
export type TPipelineManifestFile = z.output<typeof ZPipelineManifestSchema>;

/** A manifest with every default filled in. */
export interface TPipelineManifest {
  style_refs: string[];
  scene_refs: string[];
  safe_batch_limit: number;
  generation: { candidates: number; max_candidates: number };
  output_guard: { enforce_grayscale: boolean; max_chroma_delta: number; fail_on_chroma_exceed: boolean };
  policy: { default_no_invention: boolean; allowed_style_roots?: string[] };
  prompts: Record<string, string>;
}

/**
 * Default prompt fragments. The original keeps its exact wording in `config/pipeline.manifest.json.example`;
 * these are written from the spec's descriptions of that text (same content, our own wording).
 */
export const DEFAULT_MANIFEST_PROMPTS: Readonly<Record<string, string>> = Object.freeze({
  style_base:
    'Keep the scene geometry and perspective exactly. Render everything in one coherent noir drawing hand. No text, no logos, no watermark.',
  time_day: 'Daylight scene, clearly readable, with a stable contrast family.',
  time_night: 'Night scene with controlled deep shadows and no topology changes.',
  weather_clear: 'Dry, clear air. No rain streaks, no snow particles, no diagonal hatching in the sky.',
  weather_rain: 'Wet surfaces, puddles and reflections; no drift from the established style.',
});

/** The sentence appended to every prompt while `policy.default_no_invention` is on. */
export const NO_INVENTION_SENTENCE = 'Do not invent new object categories.';

export const DEFAULT_PIPELINE_MANIFEST: Readonly<TPipelineManifest> = Object.freeze({
  style_refs: [],
  scene_refs: [],
  safe_batch_limit: 20,
  generation: { candidates: 1, max_candidates: 6 },
  output_guard: { enforce_grayscale: false, max_chroma_delta: 2.0, fail_on_chroma_exceed: false },
  policy: { default_no_invention: true },
  prompts: { ...DEFAULT_MANIFEST_PROMPTS },
});

/** Fills every key the file leaves out from the defaults; prompts extend the default map key by key. */
export function resolvePipelineManifest(file: TPipelineManifestFile): TPipelineManifest {
  const defaults = DEFAULT_PIPELINE_MANIFEST;
  const policy: TPipelineManifest['policy'] = {
    default_no_invention: file.policy?.default_no_invention ?? defaults.policy.default_no_invention,
  };
  if (file.policy?.allowed_style_roots !== undefined) policy.allowed_style_roots = file.policy.allowed_style_roots;
  return {
    style_refs: file.style_refs ?? [...defaults.style_refs],
    scene_refs: file.scene_refs ?? [...defaults.scene_refs],
    safe_batch_limit: file.safe_batch_limit ?? defaults.safe_batch_limit,
    generation: { ...defaults.generation, ...file.generation },
    output_guard: { ...defaults.output_guard, ...file.output_guard },
    policy,
    prompts: { ...defaults.prompts, ...file.prompts },
  };
}

import { z } from 'zod';
import { choice, nonEmptyText, objectOf, strictBoolean } from './fields.js';
import { BG_REMOVE_BACKENDS, UPSCALE_BACKENDS } from './postprocess.js';

/** The post-process switches a settings layer may set (all optional: an unset key falls to the next layer). */
export const ZPipelineSettingsPostprocessSchema = objectOf({
  upscale: strictBoolean().optional(),
  upscale_backend: choice(UPSCALE_BACKENDS).optional(),
  color: strictBoolean().optional(),
  color_profile: nonEmptyText().optional(),
  bg_remove: strictBoolean().optional(),
  // Membership is checked here already rather than only at planning time, so a typo fails validation.
  bg_remove_backends: z
    .array(choice(BG_REMOVE_BACKENDS), { invalid_type_error: 'must be an array of backend names' })
    .optional(),
  bg_refine_openai: strictBoolean().optional(),
  bg_refine_openai_required: strictBoolean().optional(),
});
export type TPipelineSettingsPostprocess = z.output<typeof ZPipelineSettingsPostprocessSchema>;

/** The settable keys of one layer. Relative paths resolve against the app root, whichever layer set them. */
export const ZPipelineSettingsSchema = objectOf({
  manifest_path: nonEmptyText().optional(),
  postprocess_config_path: nonEmptyText().optional(),
  postprocess: ZPipelineSettingsPostprocessSchema.optional(),
});
export type TPipelineSettings = z.output<typeof ZPipelineSettingsSchema>;

/**
 * A settings file (app or project layer): the keys either at the root or inside a `pipeline` object
 * (TOML `[pipeline]` / `[pipeline.postprocess]`). When `pipeline` is present it is the layer and keys beside it
 * are ignored, as in the original; unknown keys are ignored everywhere.
 */
export const ZPipelineSettingsLayerSchema = ZPipelineSettingsSchema.extend({
  pipeline: ZPipelineSettingsSchema.optional(),
}).transform(({ pipeline, ...rootKeys }): TPipelineSettings => pipeline ?? rootKeys);
export type TPipelineSettingsLayer = z.output<typeof ZPipelineSettingsLayerSchema>;

/** Built-in values under every layer. Paths: unset means built-in manifest / post-process defaults. */
export const DEFAULT_PIPELINE_SETTINGS: Readonly<{
  postprocess: Required<Pick<TPipelineSettingsPostprocess, 'upscale' | 'color' | 'bg_remove'>>;
}> = Object.freeze({ postprocess: { upscale: false, color: false, bg_remove: false } });

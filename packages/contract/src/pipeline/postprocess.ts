import { z } from 'zod';
import { anyText, choice, integerAtLeast, integerBetween, nonEmptyText, objectOf, strictBoolean } from './fields.js';

/** `sharp` is the built-in Lanczos resize (no external tool), so it is the default; the others run Real-ESRGAN. */
export const UPSCALE_BACKENDS = ['sharp', 'python', 'ncnn'] as const;
export const BG_REMOVE_BACKENDS = ['rembg', 'photoroom', 'removebg'] as const;
export const IMAGE_FORMATS = ['png', 'jpg', 'webp'] as const;
export type TUpscaleBackend = (typeof UPSCALE_BACKENDS)[number];
export type TBgRemoveBackend = (typeof BG_REMOVE_BACKENDS)[number];
export type TImageFormat = (typeof IMAGE_FORMATS)[number];

const imageFormat = () => choice(IMAGE_FORMATS, { jpeg: 'jpg' });
const bgRemoveBackend = () => choice(BG_REMOVE_BACKENDS);

const ZHttpBackendSchema = objectOf({ endpoint: nonEmptyText().optional(), api_key_env: nonEmptyText().optional() });

/**
 * A `postprocess.json` file. The planning subset (`upscale.{backend,scale,format}`, `color.default_profile`,
 * `bg_remove.{backends,format,openai.enabled,openai.required}`) is what the original checks strictly; the
 * other documented keys are optional here too but typed, so a value the tools would silently ignore is reported
 * instead. Unknown keys are ignored.
 */
export const ZPostprocessConfigSchema = objectOf({
  upscale: objectOf({
    backend: choice(UPSCALE_BACKENDS).optional(),
    binary: nonEmptyText().optional(),
    model_dir: nonEmptyText().optional(),
    model_name: nonEmptyText().optional(),
    scale: integerBetween(1, 255).optional(),
    tile: integerAtLeast(0).optional(),
    format: imageFormat().optional(),
    output_dir: nonEmptyText().optional(),
    python: objectOf({
      python_bin: nonEmptyText().optional(),
      inference_script: nonEmptyText().optional(),
      model_name: nonEmptyText().optional(),
      tile: integerAtLeast(0).optional(),
      tile_pad: integerAtLeast(0).optional(),
      pre_pad: integerAtLeast(0).optional(),
      fp32: strictBoolean().optional(),
      gpu_id: integerAtLeast(0).nullable().optional(),
    }).optional(),
  }).optional(),
  color: objectOf({
    settings_file: anyText().optional().describe('"" = built-in profiles'),
    default_profile: nonEmptyText().optional(),
    output_dir: nonEmptyText().optional(),
  }).optional(),
  bg_remove: objectOf({
    output_dir: nonEmptyText().optional(),
    backends: z
      .array(bgRemoveBackend(), { invalid_type_error: 'must be an array of backend names' })
      .min(1, 'must list at least one backend')
      .optional(),
    format: imageFormat().optional(),
    size: nonEmptyText().optional(),
    crop: strictBoolean().optional(),
    rembg: objectOf({ python_bin: nonEmptyText().optional(), model: nonEmptyText().optional() }).optional(),
    photoroom: ZHttpBackendSchema.optional(),
    removebg: ZHttpBackendSchema.optional(),
    openai: objectOf({
      enabled: strictBoolean().optional(),
      required: strictBoolean().optional(),
      api_key_env: nonEmptyText().optional(),
      model: nonEmptyText().optional(),
      quality: nonEmptyText().optional(),
      input_fidelity: nonEmptyText().optional(),
      background: nonEmptyText().optional(),
      output_format: imageFormat().optional(),
      prompt: nonEmptyText().optional(),
    }).optional(),
  }).optional(),
});
/** What a post-process config file says (every key optional). */
export type TPostprocessConfigFile = z.output<typeof ZPostprocessConfigSchema>;

/** A post-process config with every default filled in. */
export interface TPostprocessConfig {
  upscale: {
    backend: TUpscaleBackend;
    binary: string;
    model_dir: string;
    model_name: string;
    scale: number;
    tile: number;
    format: TImageFormat;
    output_dir: string;
    python: {
      python_bin: string;
      inference_script: string;
      model_name: string;
      tile: number;
      tile_pad: number;
      pre_pad: number;
      fp32: boolean;
      gpu_id: number | null;
    };
  };
  color: { settings_file: string; default_profile: string; output_dir: string };
  bg_remove: {
    output_dir: string;
    backends: TBgRemoveBackend[];
    format: TImageFormat;
    size: string;
    crop: boolean;
    rembg: { python_bin: string; model: string };
    photoroom: { endpoint: string; api_key_env: string };
    removebg: { endpoint: string; api_key_env: string };
    openai: {
      enabled: boolean;
      required: boolean;
      api_key_env: string;
      /** Unset: env `OPENAI_IMAGE_MODEL`, then `gpt-image-1`. */
      model?: string;
      /** Unset: env `OPENAI_IMAGE_QUALITY`, then `high`. */
      quality?: string;
      input_fidelity: string;
      background: string;
      output_format: TImageFormat;
      prompt: string;
    };
  };
}

/** Our wording of the edge-cleanup refine instruction the original ships (keep the subject, fix the cut-out). */
export const DEFAULT_BG_REFINE_PROMPT =
  'Clean up this background-removed cut-out. Keep the subject exactly as it is: identity, pose, outfit and colours. ' +
  'Fix halos and jagged edges, recover fine hair detail, and keep the background fully transparent. ' +
  'Do not add anything, do not retouch the subject, do not reframe or crop.';

export const DEFAULT_POSTPROCESS_CONFIG: Readonly<TPostprocessConfig> = Object.freeze<TPostprocessConfig>({
  upscale: {
    backend: 'sharp',
    binary: 'tools/realesrgan/realesrgan-ncnn-vulkan',
    model_dir: 'tools/realesrgan/models',
    model_name: 'realesrgan-x4plus',
    scale: 2,
    tile: 0,
    format: 'png',
    output_dir: 'upscaled',
    python: {
      python_bin: 'tools/realesrgan-python/.venv/bin/python',
      inference_script: 'tools/realesrgan-python/src/Real-ESRGAN/inference_realesrgan.py',
      model_name: 'RealESRGAN_x4plus',
      tile: 0,
      tile_pad: 10,
      pre_pad: 0,
      fp32: false,
      gpu_id: null,
    },
  },
  color: { settings_file: '', default_profile: 'neutral', output_dir: 'color_corrected' },
  bg_remove: {
    output_dir: 'background_removed',
    backends: ['rembg'],
    format: 'png',
    size: 'auto',
    crop: false,
    rembg: { python_bin: 'tools/rembg/.venv/bin/python', model: 'u2net' },
    photoroom: { endpoint: 'https://sdk.photoroom.com/v1/segment', api_key_env: 'PHOTOROOM_API_KEY' },
    removebg: { endpoint: 'https://api.remove.bg/v1.0/removebg', api_key_env: 'REMOVE_BG_API_KEY' },
    openai: {
      enabled: true,
      required: true,
      api_key_env: 'OPENAI_API_KEY',
      input_fidelity: 'high',
      background: 'transparent',
      output_format: 'png',
      prompt: DEFAULT_BG_REFINE_PROMPT,
    },
  },
});

/** Deep-merges a file over the defaults, two levels down (`upscale.python`, `bg_remove.{rembg,…,openai}`). */
export function resolvePostprocessConfig(file: TPostprocessConfigFile): TPostprocessConfig {
  const d = DEFAULT_POSTPROCESS_CONFIG;
  const { python, ...upscale } = file.upscale ?? {};
  const { rembg, photoroom, removebg, openai, ...bgRemove } = file.bg_remove ?? {};
  return {
    upscale: { ...d.upscale, ...upscale, python: { ...d.upscale.python, ...python } },
    color: { ...d.color, ...file.color },
    bg_remove: {
      ...d.bg_remove,
      ...bgRemove,
      backends: bgRemove.backends ?? [...d.bg_remove.backends],
      rembg: { ...d.bg_remove.rembg, ...rembg },
      photoroom: { ...d.bg_remove.photoroom, ...photoroom },
      removebg: { ...d.bg_remove.removebg, ...removebg },
      openai: { ...d.bg_remove.openai, ...openai },
    },
  };
}

import type { TBgRemoveBackend, TPostprocessConfig, TRunLogPostprocess, TUpscaleBackend } from '@kroma/contract';

/** Pass switches and overrides from settings layers and flags; unset keys fall back to the post-process config. */
export interface TPostprocessSwitches {
  upscale?: boolean;
  upscaleBackend?: TUpscaleBackend;
  color?: boolean;
  colorProfile?: string;
  bgRemove?: boolean;
  bgRemoveBackends?: TBgRemoveBackend[];
  bgRefineOpenai?: boolean;
  bgRefineOpenaiRequired?: boolean;
}

/**
 * The planned post-process record (§2.5, §7.1): a pass's details only when the pass is on, otherwise
 * null/[]/false; `pipeline_order` always starts with `generate`, and `bg_refine_openai` follows `bg_remove` only
 * when refine is enabled.
 */
export function planPostprocess(config: TPostprocessConfig, switches: TPostprocessSwitches = {}): TRunLogPostprocess {
  const upscale = switches.upscale ?? false;
  const color = switches.color ?? false;
  const bgRemove = switches.bgRemove ?? false;
  const refine = bgRemove && (switches.bgRefineOpenai ?? config.bg_remove.openai.enabled);
  const refineRequired = bgRemove && (switches.bgRefineOpenaiRequired ?? config.bg_remove.openai.required);
  const colorProfile = switches.colorProfile?.trim() || config.color.default_profile;
  const order = ['generate'];
  if (bgRemove) order.push('bg_remove');
  if (refine) order.push('bg_refine_openai');
  if (upscale) order.push('upscale');
  if (color) order.push('color');
  return {
    upscale,
    upscale_backend: upscale ? (switches.upscaleBackend ?? config.upscale.backend) : null,
    color,
    color_profile: color ? colorProfile : null,
    bg_remove: bgRemove,
    bg_remove_backends: bgRemove ? [...(switches.bgRemoveBackends ?? config.bg_remove.backends)] : [],
    bg_refine_openai: refine,
    bg_refine_openai_required: refineRequired,
    pipeline_order: order,
  };
}

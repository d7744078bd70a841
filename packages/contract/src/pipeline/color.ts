import { z } from 'zod';
import { finiteAtLeastZero, nonEmptyText, OBJECT_MESSAGE, objectOf } from './fields.js';

/** One colour profile; a missing parameter is neutral (1.0, or 0 for the autocontrast cutoff). */
export const ZColorProfileSchema = objectOf({
  brightness: finiteAtLeastZero().optional(),
  contrast: finiteAtLeastZero().optional(),
  saturation: finiteAtLeastZero().optional(),
  sharpness: finiteAtLeastZero().optional(),
  gamma: finiteAtLeastZero().optional(),
  autocontrast_cutoff: finiteAtLeastZero().optional(),
  red_multiplier: finiteAtLeastZero().optional(),
  green_multiplier: finiteAtLeastZero().optional(),
  blue_multiplier: finiteAtLeastZero().optional(),
});
export type TColorProfile = z.output<typeof ZColorProfileSchema>;

/**
 * A colour settings file (`color.settings_file`). Its `default_profile` is read by nobody: the profile always
 * comes from the request or `color.default_profile` of the post-process config.
 */
export const ZColorSettingsFileSchema = objectOf({
  default_profile: nonEmptyText().optional(),
  profiles: z.record(z.string(), ZColorProfileSchema, { invalid_type_error: OBJECT_MESSAGE, required_error: OBJECT_MESSAGE }),
});
export type TColorSettingsFile = z.output<typeof ZColorSettingsFileSchema>;

export const NEUTRAL_COLOR_PARAMS: Readonly<Required<TColorProfile>> = Object.freeze({
  brightness: 1.0,
  contrast: 1.0,
  saturation: 1.0,
  sharpness: 1.0,
  gamma: 1.0,
  autocontrast_cutoff: 0,
  red_multiplier: 1.0,
  green_multiplier: 1.0,
  blue_multiplier: 1.0,
});

/** The built-in profiles used when no settings file is configured. */
export const DEFAULT_COLOR_PROFILES: Readonly<Record<string, Required<TColorProfile>>> = Object.freeze({
  neutral: { ...NEUTRAL_COLOR_PARAMS, contrast: 1.02 },
  cinematic_warm: {
    brightness: 0.98,
    contrast: 1.12,
    saturation: 1.08,
    sharpness: 1.04,
    gamma: 1.03,
    autocontrast_cutoff: 0,
    red_multiplier: 1.04,
    green_multiplier: 1.0,
    blue_multiplier: 0.96,
  },
  cold_rain: {
    brightness: 0.97,
    contrast: 1.1,
    saturation: 0.95,
    sharpness: 1.03,
    gamma: 1.01,
    autocontrast_cutoff: 0,
    red_multiplier: 0.97,
    green_multiplier: 1.0,
    blue_multiplier: 1.05,
  },
});

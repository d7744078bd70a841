import sharp from 'sharp';
import type { TColorProfile } from '@kroma/contract';
import { NEUTRAL_COLOR_PARAMS } from '@kroma/contract';
import type { ColorCorrector, TColorRequest } from '../interfaces/color-corrector.js';
import { autocontrast, brightness, channelMultipliers, contrast, gamma, saturation, sharpness } from './color-steps.js';
import { writeThroughTemporaryFile } from './output-file.js';

/** Runs the §7.6 steps in order on raw RGBA pixels (in place); a step runs only when its parameter is not neutral. */
export function applyColorProfile(pixels: Uint8Array, width: number, height: number, profile: TColorProfile): void {
  const params = { ...NEUTRAL_COLOR_PARAMS, ...definedOnly(profile) };
  if (params.autocontrast_cutoff > 0) autocontrast(pixels, params.autocontrast_cutoff);
  if (params.brightness !== NEUTRAL_COLOR_PARAMS.brightness) brightness(pixels, params.brightness);
  if (params.contrast !== NEUTRAL_COLOR_PARAMS.contrast) contrast(pixels, params.contrast);
  if (params.saturation !== NEUTRAL_COLOR_PARAMS.saturation) saturation(pixels, params.saturation);
  if (params.sharpness !== NEUTRAL_COLOR_PARAMS.sharpness) sharpness(pixels, width, height, params.sharpness);
  if (params.gamma > 0 && params.gamma !== NEUTRAL_COLOR_PARAMS.gamma) gamma(pixels, params.gamma);
  const { red_multiplier: red, green_multiplier: green, blue_multiplier: blue } = params;
  if (red !== 1 || green !== 1 || blue !== 1) channelMultipliers(pixels, red, green, blue);
}

function definedOnly(profile: TColorProfile): Partial<Record<keyof TColorProfile, number>> {
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined));
}

/** The colour pass with sharp for decoding/encoding; unlike the reference, transparency survives. */
export class SharpColorCorrector implements ColorCorrector {
  async apply(request: TColorRequest): Promise<void> {
    const { data, info } = await sharp(request.input).toColourspace('srgb').ensureAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    applyColorProfile(pixels, info.width, info.height, request.profile);
    await writeThroughTemporaryFile(request.output, async (tempPath) => {
      await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toFile(tempPath);
    });
  }
}

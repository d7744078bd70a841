import { applyChannelTables, blendSample, lookupTable, lumaOf, roundHalfEven } from './pillow-maths.js';

/**
 * The §7.6 colour steps on raw RGBA pixels, in place, with the Pillow semantics of the reference script. Alpha is
 * never changed, and image statistics (histograms, mean luma) come from the visible pixels (alpha > 0) so the
 * hidden RGB under a cut-out background does not skew them; an image with no visible pixel uses all of them.
 */

function statisticsMask(pixels: Uint8Array): (index: number) => boolean {
  for (let index = 3; index < pixels.length; index += 4) {
    if (pixels[index] !== 0) return (pixelIndex) => pixels[pixelIndex + 3] !== 0;
  }
  return () => true;
}

/** `ImageOps.autocontrast(image, cutoff)` table for one channel histogram (mutated). */
function autocontrastTable(histogram: Float64Array, cutoffPercent: number): Uint8Array {
  let total = 0;
  for (const count of histogram) total += count;
  let cut = Math.floor((total * cutoffPercent) / 100);
  for (let low = 0; low < 256 && cut > 0; low += 1) {
    const removed = Math.min(cut, histogram[low]!);
    histogram[low] = histogram[low]! - removed;
    cut -= removed;
  }
  cut = Math.floor((total * cutoffPercent) / 100);
  for (let high = 255; high >= 0 && cut > 0; high -= 1) {
    const removed = Math.min(cut, histogram[high]!);
    histogram[high] = histogram[high]! - removed;
    cut -= removed;
  }
  let low = 0;
  while (low < 255 && histogram[low] === 0) low += 1;
  let high = 255;
  while (high > 0 && histogram[high] === 0) high -= 1;
  if (high <= low) return lookupTable((sample) => sample);
  const scale = 255 / (high - low);
  const offset = -low * scale;
  return lookupTable((sample) => Math.trunc(sample * scale + offset));
}

export function autocontrast(pixels: Uint8Array, cutoffPercent: number): void {
  const counts = statisticsMask(pixels);
  const histograms = [new Float64Array(256), new Float64Array(256), new Float64Array(256)] as const;
  for (let index = 0; index < pixels.length; index += 4) {
    if (!counts(index)) continue;
    for (let channel = 0; channel < 3; channel += 1) {
      const histogram = histograms[channel]!;
      const sample = pixels[index + channel]!;
      histogram[sample] = histogram[sample]! + 1;
    }
  }
  const [red, green, blue] = histograms.map((histogram) => autocontrastTable(histogram, cutoffPercent));
  applyChannelTables(pixels, red!, green!, blue!);
}

/** `ImageEnhance.Brightness`: blend with black. */
export function brightness(pixels: Uint8Array, factor: number): void {
  const table = lookupTable((sample) => blendSample(0, sample, factor));
  applyChannelTables(pixels, table, table, table);
}

/** `ImageEnhance.Contrast`: blend with a flat grey at the mean luma, rounded half up. */
export function contrast(pixels: Uint8Array, factor: number): void {
  const counts = statisticsMask(pixels);
  let lumaSum = 0;
  let counted = 0;
  for (let index = 0; index < pixels.length; index += 4) {
    if (!counts(index)) continue;
    lumaSum += lumaOf(pixels[index]!, pixels[index + 1]!, pixels[index + 2]!);
    counted += 1;
  }
  const meanLuma = counted === 0 ? 0 : Math.floor(lumaSum / counted + 0.5);
  const table = lookupTable((sample) => blendSample(meanLuma, sample, factor));
  applyChannelTables(pixels, table, table, table);
}

/** `ImageEnhance.Color`: blend each pixel with its own luma. */
export function saturation(pixels: Uint8Array, factor: number): void {
  for (let index = 0; index < pixels.length; index += 4) {
    const luma = lumaOf(pixels[index]!, pixels[index + 1]!, pixels[index + 2]!);
    pixels[index] = blendSample(luma, pixels[index]!, factor);
    pixels[index + 1] = blendSample(luma, pixels[index + 1]!, factor);
    pixels[index + 2] = blendSample(luma, pixels[index + 2]!, factor);
  }
}

/**
 * `ImageFilter.SMOOTH` (3×3 kernel 1,1,1/1,5,1/1,1,1 ÷ 13, rounded; the outermost rows and columns are copied).
 * A weighted sum over 13 is never exactly half-way, so integer rounding equals Pillow's float32 result.
 */
export function smoothed(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const result = Uint8Array.from(pixels);
  if (width < 3 || height < 3) return result;
  const row = width * 4;
  for (let y = 1; y < height - 1; y += 1) {
    for (let x = 1; x < width - 1; x += 1) {
      const centre = y * row + x * 4;
      for (let channel = 0; channel < 3; channel += 1) {
        const at = centre + channel;
        const sum =
          pixels[at - row - 4]! + pixels[at - row]! + pixels[at - row + 4]! +
          pixels[at - 4]! + 5 * pixels[at]! + pixels[at + 4]! +
          pixels[at + row - 4]! + pixels[at + row]! + pixels[at + row + 4]!;
        result[at] = Math.floor((2 * sum + 13) / 26);
      }
    }
  }
  return result;
}

/** `ImageEnhance.Sharpness`: blend with the smoothed image. */
export function sharpness(pixels: Uint8Array, width: number, height: number, factor: number): void {
  const smooth = smoothed(pixels, width, height);
  for (let index = 0; index < pixels.length; index += 4) {
    pixels[index] = blendSample(smooth[index]!, pixels[index]!, factor);
    pixels[index + 1] = blendSample(smooth[index + 1]!, pixels[index + 1]!, factor);
    pixels[index + 2] = blendSample(smooth[index + 2]!, pixels[index + 2]!, factor);
  }
}

export function gamma(pixels: Uint8Array, value: number): void {
  const table = lookupTable((sample) => roundHalfEven(255 * (sample / 255) ** (1 / value)));
  applyChannelTables(pixels, table, table, table);
}

export function channelMultipliers(pixels: Uint8Array, red: number, green: number, blue: number): void {
  const tableFor = (multiplier: number): Uint8Array => lookupTable((sample) => roundHalfEven(sample * multiplier));
  applyChannelTables(pixels, tableFor(red), tableFor(green), tableFor(blue));
}

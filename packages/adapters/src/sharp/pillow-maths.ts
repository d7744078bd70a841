/** Pillow's integer arithmetic, reproduced exactly so our pixels match the Python reference. */

/** Python's `round()` (half to even). */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

export const clampByte = (value: number): number => (value < 0 ? 0 : value > 255 ? 255 : value);

/**
 * `Image.blend(degenerate, image, factor)` for one 8-bit sample (Pillow `Blend.c`): within 0..1 the result is
 * truncated; outside it is computed in float32, clipped, then truncated.
 */
export function blendSample(degenerate: number, sample: number, factor: number): number {
  if (factor >= 0 && factor <= 1) return Math.trunc(degenerate + factor * (sample - degenerate));
  const value = Math.fround(degenerate + factor * (sample - degenerate));
  if (value <= 0) return 0;
  if (value >= 255) return 255;
  return Math.trunc(value);
}

/** `convert("L")`: ITU-R 601-2 luma in 16-bit fixed point, rounded (Pillow `Convert.c`). */
export const lumaOf = (red: number, green: number, blue: number): number => (red * 19595 + green * 38470 + blue * 7471 + 0x8000) >> 16;

/** A 256-entry lookup table from a per-sample function. */
export function lookupTable(map: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(256);
  for (let sample = 0; sample < 256; sample += 1) table[sample] = clampByte(map(sample));
  return table;
}

/** Applies one table per channel to the RGB of RGBA pixels; alpha is left as it is. */
export function applyChannelTables(pixels: Uint8Array, red: Uint8Array, green: Uint8Array, blue: Uint8Array): void {
  for (let index = 0; index < pixels.length; index += 4) {
    pixels[index] = red[pixels[index]!]!;
    pixels[index + 1] = green[pixels[index + 1]!]!;
    pixels[index + 2] = blue[pixels[index + 2]!]!;
  }
}

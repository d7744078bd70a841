import sharp from 'sharp';

export interface TTestColor {
  r: number;
  g: number;
  b: number;
  /** 0–1; default 1 (opaque). */
  alpha?: number;
}

export interface TTestPngOptions {
  width: number;
  height: number;
  color: TTestColor;
}

/** A real PNG (RGBA) filled with one colour. */
export async function makeTestPng({ width, height, color }: TTestPngOptions): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: toSharpColor(color) } })
    .png()
    .toBuffer();
}

export interface TTransparentRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * A PNG filled with `color` except `transparent`, a rectangle of fully transparent pixels whose RGB is
 * `transparentRgb` (default black, what rembg leaves behind), so QA can be checked to ignore it.
 */
export async function makeTestPngWithTransparentRegion(
  options: TTestPngOptions & { transparent: TTransparentRegion; transparentRgb?: Omit<TTestColor, 'alpha'> },
): Promise<Buffer> {
  const { width, height, color, transparent } = options;
  const hole = options.transparentRgb ?? { r: 0, g: 0, b: 0 };
  if (transparent.left + transparent.width > width || transparent.top + transparent.height > height) {
    throw new Error('transparent region lies outside the image');
  }
  const holePixels = await sharp({
    create: { width: transparent.width, height: transparent.height, channels: 4, background: { ...hole, alpha: 0 } },
  })
    .raw()
    .toBuffer();
  // Composite with `dest-in`/`over` would blend the hole away; writing raw pixels keeps its RGB exactly.
  const base = await sharp({ create: { width, height, channels: 4, background: toSharpColor(color) } })
    .raw()
    .toBuffer();
  for (let row = 0; row < transparent.height; row += 1) {
    const targetStart = ((transparent.top + row) * width + transparent.left) * 4;
    holePixels.copy(base, targetStart, row * transparent.width * 4, (row + 1) * transparent.width * 4);
  }
  return sharp(base, { raw: { width, height, channels: 4 } }).png().toBuffer();
}

function toSharpColor(color: TTestColor): { r: number; g: number; b: number; alpha: number } {
  return { r: color.r, g: color.g, b: color.b, alpha: color.alpha ?? 1 };
}

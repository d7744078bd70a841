import sharp from 'sharp';
import type { ImageAnalyzer, TImageMeasurement } from '../interfaces/image-analyzer.js';

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The §5.1 chroma metric over the pixels with alpha > 0 (fully transparent pixels keep whatever RGB the
 * background remover left, usually black, and must not dilute the mean). One 32-bit read per pixel and no
 * allocation keep QA close to the decode time.
 */
export function chromaOfRgba(pixels: Uint8Array): { chromaDelta: number; countedPixels: number } {
  const aligned = pixels.byteOffset % 4 === 0 ? pixels : Uint8Array.from(pixels);
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >>> 2);
  const [redShift, greenShift, blueShift, alphaShift] = IS_LITTLE_ENDIAN ? [0, 8, 16, 24] : [24, 16, 8, 0];
  let differenceSum = 0;
  let countedPixels = 0;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    if (((word >>> alphaShift) & 255) === 0) continue;
    const red = (word >>> redShift) & 255;
    const green = (word >>> greenShift) & 255;
    const blue = (word >>> blueShift) & 255;
    differenceSum += Math.abs(red - green) + Math.abs(red - blue) + Math.abs(green - blue);
    countedPixels += 1;
  }
  return { chromaDelta: countedPixels === 0 ? 0 : differenceSum / (3 * countedPixels), countedPixels };
}

/** Same metric for opaque RGB pixels (all count): skipping `ensureAlpha` spares a copy of the whole image. */
export function chromaOfRgb(pixels: Uint8Array): { chromaDelta: number; countedPixels: number } {
  let differenceSum = 0;
  for (let index = 0; index < pixels.length; index += 3) {
    const red = pixels[index]!;
    const green = pixels[index + 1]!;
    const blue = pixels[index + 2]!;
    differenceSum += Math.abs(red - green) + Math.abs(red - blue) + Math.abs(green - blue);
  }
  const countedPixels = pixels.length / 3;
  return { chromaDelta: countedPixels === 0 ? 0 : differenceSum / (3 * countedPixels), countedPixels };
}

export class SharpImageAnalyzer implements ImageAnalyzer {
  async measure(path: string): Promise<TImageMeasurement> {
    // sRGB conversion expands grey and palette images to 3 bands (4 with alpha) and 16-bit samples to 8-bit.
    const { data, info } = await sharp(path).toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 && info.channels !== 4) throw new Error(`unexpected ${info.channels}-channel decode of ${path}`);
    const hasAlpha = info.channels === 4;
    const { chromaDelta, countedPixels } = hasAlpha ? chromaOfRgba(data) : chromaOfRgb(data);
    return { width: info.width, height: info.height, chromaDelta, countedPixels, hasAlpha };
  }
}

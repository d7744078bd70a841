import sharp from 'sharp';
import type { TUpscaleRequest, TUpscaleResult, Upscaler } from '../interfaces/upscaler.js';
import { encodeAs } from './encode.js';
import { writeFileAtomically } from './output-file.js';

/** The built-in upscaler: a Lanczos3 resize, no model and no external tool. */
export class SharpUpscaler implements Upscaler {
  readonly name = 'sharp';

  async upscale(request: TUpscaleRequest): Promise<TUpscaleResult> {
    if (!Number.isFinite(request.scale) || request.scale <= 0) throw new Error(`upscale scale must be a positive number, got ${request.scale}`);
    const image = sharp(request.input);
    const { width, height } = await image.metadata();
    if (width === undefined || height === undefined) throw new Error(`cannot read the size of ${request.input}`);
    const resized = image.resize(Math.max(1, Math.round(width * request.scale)), Math.max(1, Math.round(height * request.scale)), { kernel: 'lanczos3', fit: 'fill' });
    await writeFileAtomically(request.output, await encodeAs(resized, request.format).toBuffer());
    return { backend: this.name, model: 'lanczos3' };
  }
}

import type { TUpscaleResult, Upscaler } from '@kroma/adapters';
import { DEFAULT_POSTPROCESS_CONFIG, type TImageFormat, type TUpscaleBackend } from '@kroma/contract';
import { archiveReplacedTarget } from './replace-target.js';

/**
 * The built-in sharp Lanczos resize: the backend used when none is named, because it needs no external tool
 * (the original defaulted to the Python Real-ESRGAN venv, which most machines lack).
 */
export const DEFAULT_UPSCALE_BACKEND: TUpscaleBackend = DEFAULT_POSTPROCESS_CONFIG.upscale.backend;

/** The upscaler for `backend` (`sharp` when absent); an unknown or unconfigured backend is a clear error. */
export function pickUpscaler(upscalers: Readonly<Record<string, Upscaler>>, backend: string | null | undefined): Upscaler {
  const name = backend ?? DEFAULT_UPSCALE_BACKEND;
  const upscaler = upscalers[name];
  if (upscaler === undefined) {
    const known = Object.keys(upscalers).sort();
    throw new Error(`upscale backend "${name}" is not available (available: ${known.length > 0 ? known.join(', ') : 'none'})`);
  }
  return upscaler;
}

export interface TUpscaleStep {
  input: string;
  output: string;
  upscaler: Upscaler;
  scale: number;
  format: TImageFormat;
  projectRoot: string;
  now: () => Date;
}

/** One file: archive an existing target (§3.6), then upscale. */
export async function upscaleOne(step: TUpscaleStep): Promise<TUpscaleResult> {
  await archiveReplacedTarget(step.output, step.projectRoot, step.now());
  return step.upscaler.upscale({ input: step.input, output: step.output, scale: step.scale, format: step.format });
}

import { resolve } from 'node:path';
import {
  OpenAIImageEditor,
  PhotoroomRemover,
  RealEsrganNcnnUpscaler,
  RealEsrganPythonUpscaler,
  RembgRemover,
  RemoveBgRemover,
  SharpColorCorrector,
  SharpUpscaler,
  type BackgroundRemover,
  type ImageEditor,
  type Upscaler,
} from '@kroma/adapters';
import type { TPostprocessConfig } from '@kroma/contract';
import type { TPostprocessAdapters, TRefineSettings } from '@kroma/pipeline';

/** The OpenAI editor for `key` (env var name), or undefined when that variable is unset. */
export function openAIEditor(env: NodeJS.ProcessEnv, keyVar = 'OPENAI_API_KEY'): ImageEditor | undefined {
  const apiKey = env[keyVar]?.trim();
  if (!apiKey) return undefined;
  return new OpenAIImageEditor({ apiKey, baseURL: env.OPENAI_BASE_URL?.trim() || undefined });
}

/** A record whose values are built on first access, so a tool that cannot be configured fails only when used. */
function lazyRecord<T>(factories: Record<string, () => T>): Readonly<Record<string, T>> {
  const record: Record<string, T> = {};
  for (const [key, make] of Object.entries(factories)) {
    let value: T | undefined;
    Object.defineProperty(record, key, { enumerable: true, get: () => (value ??= make()) });
  }
  return record;
}

/**
 * Every post-process tool the config describes, by backend name. Tools are only constructed here; a missing
 * one fails with its install hint when a pass actually uses it. `sharp` (Lanczos) needs no external tool.
 */
export function postprocessAdapters(config: TPostprocessConfig, appRoot: string, env: NodeJS.ProcessEnv): TPostprocessAdapters {
  const fromApp = (path: string): string => resolve(appRoot, path);
  const { upscale, bg_remove: bg } = config;
  const refineEditor = openAIEditor(env, bg.openai.api_key_env);
  return {
    backgroundRemovers: lazyRecord<BackgroundRemover>({
      rembg: () => new RembgRemover({ pythonBin: fromApp(bg.rembg.python_bin), model: bg.rembg.model }),
      photoroom: () => new PhotoroomRemover({ endpoint: bg.photoroom.endpoint, apiKeyEnv: bg.photoroom.api_key_env, env }),
      removebg: () => new RemoveBgRemover({ endpoint: bg.removebg.endpoint, apiKeyEnv: bg.removebg.api_key_env, env }),
    }),
    ...(refineEditor !== undefined && { refineEditor }),
    upscalers: lazyRecord<Upscaler>({
      sharp: () => new SharpUpscaler(),
      ncnn: () =>
        new RealEsrganNcnnUpscaler({
        binary: fromApp(upscale.binary),
        modelDir: fromApp(upscale.model_dir),
        modelName: upscale.model_name,
        tile: upscale.tile,
      }),
      python: () =>
        new RealEsrganPythonUpscaler({
        pythonBin: fromApp(upscale.python.python_bin),
        script: fromApp(upscale.python.inference_script),
        modelName: upscale.python.model_name,
        tile: upscale.python.tile,
        tilePad: upscale.python.tile_pad,
        prePad: upscale.python.pre_pad,
        fp32: upscale.python.fp32,
        gpuId: upscale.python.gpu_id,
      }),
    }),
    colorCorrector: new SharpColorCorrector(),
  };
}

/** Refine call settings: config values, else the generation env defaults (§2.3). */
export function refineSettings(config: TPostprocessConfig, env: NodeJS.ProcessEnv, timeoutMs: number): TRefineSettings {
  const openai = config.bg_remove.openai;
  return {
    model: openai.model ?? (env.OPENAI_IMAGE_MODEL?.trim() || 'gpt-image-1'),
    quality: openai.quality ?? (env.OPENAI_IMAGE_QUALITY?.trim() || 'high'),
    prompt: openai.prompt,
    timeoutMs,
  };
}

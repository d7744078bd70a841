import { resolve } from 'node:path';
import type { TPostprocessConfig } from '@kroma/contract';
import { PhotoroomRemover } from '../http/photoroom-remover.js';
import { RemoveBgRemover } from '../http/remove-bg-remover.js';
import type { BackgroundRemover } from '../interfaces/background-remover.js';
import type { ColorCorrector } from '../interfaces/color-corrector.js';
import type { ImageEditor } from '../interfaces/image-editor.js';
import type { Upscaler } from '../interfaces/upscaler.js';
import { SharpColorCorrector } from '../sharp/color-corrector.js';
import { SharpUpscaler } from '../sharp/upscaler.js';
import { RealEsrganNcnnUpscaler } from '../tools/realesrgan-ncnn-upscaler.js';
import { RealEsrganPythonUpscaler } from '../tools/realesrgan-python-upscaler.js';
import { RembgRemover } from '../tools/rembg-remover.js';
import { createImageEditorFromEnv } from './image-editor-from-env.js';
import { lazyRecord } from './lazy-record.js';

/** Every post-process tool a config names, by backend; constructed lazily so a missing tool fails only when used. */
export interface TPostprocessToolset {
  /** By backend name (`rembg`, `photoroom`, `removebg`). */
  backgroundRemovers: Readonly<Record<string, BackgroundRemover>>;
  refineEditor?: ImageEditor;
  /** By backend name (`sharp`, `ncnn`, `python`). */
  upscalers: Readonly<Record<string, Upscaler>>;
  colorCorrector: ColorCorrector;
}

/**
 * The post-process tools of `config`; tool paths resolve against `appRoot`. A missing local tool fails with its
 * install hint when a pass actually uses it. `sharp` (Lanczos) needs no external tool. The refine editor reads
 * its key from `bg_remove.openai.api_key_env` and is absent when that variable is unset.
 */
export function createPostprocessTools(config: TPostprocessConfig, appRoot: string, env: NodeJS.ProcessEnv): TPostprocessToolset {
  const fromApp = (path: string): string => resolve(appRoot, path);
  const { upscale, bg_remove: bg } = config;
  const refineEditor = createImageEditorFromEnv(env, bg.openai.api_key_env);
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

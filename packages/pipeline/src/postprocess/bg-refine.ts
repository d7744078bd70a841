import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import type { ImageEditor, TImageUsage } from '@kroma/adapters';
import type { TImageFormat } from '@kroma/contract';
import { fileStamp } from '../planning/layout.js';
import { fileStem } from '../planning/sanitize.js';
import { displayPath } from '../paths.js';
import { archiveReplacedTarget, messageOf } from './replace-target.js';

/** The OpenAI call that cleans a cut-out's edges (§7.2 step 4). */
export interface TRefineSettings {
  model: string;
  quality: string;
  prompt: string;
  timeoutMs: number;
}

export interface TRefineRequest {
  cutout: string;
  /** The bg-remove format: the refine output always matches it (no separate refine format, §10 item 13). */
  format: TImageFormat;
  editor: ImageEditor;
  settings: TRefineSettings;
  required: boolean;
  projectRoot: string;
  appRoot: string;
  now: Date;
}

export interface TRefineOutcome {
  applied: boolean;
  error: string | null;
  usage?: TImageUsage;
}

export const NO_REFINE_EDITOR_MESSAGE = 'OpenAI refine is switched on but no image editor is configured (is OPENAI_API_KEY set?)';

/** Throws before any work when refine is required but cannot run; an optional refine just records the gap later. */
export function assertRefineRunnable(refine: boolean, required: boolean, editor: ImageEditor | undefined): void {
  if (refine && required && editor === undefined) throw new Error(`${NO_REFINE_EDITOR_MESSAGE}; switch bg_refine_openai_required off to continue without it`);
}

const OPENAI_FORMAT = { png: 'png', jpg: 'jpeg', webp: 'webp' } as const;

/** `<dir>/<stem>_openai_tmp_<stamp>.<ext>` beside the cut-out. */
export const refineTempPath = (cutout: string, now: Date): string =>
  join(dirname(cutout), `${fileStem(cutout)}_openai_tmp_${fileStamp(now)}${extname(cutout)}`);

/**
 * One edit call on the cut-out. Success: the pre-refine cut-out is archived and the temp file takes its place.
 * Failure: the temp file is removed; a required refine throws, an optional one reports `error`.
 */
export async function refineCutout(request: TRefineRequest): Promise<TRefineOutcome> {
  const { cutout, format, editor, settings, now } = request;
  const temp = refineTempPath(cutout, now);
  try {
    const result = await editor.edit({
      model: settings.model,
      prompt: settings.prompt,
      images: [{ path: cutout }],
      quality: settings.quality,
      outputFormat: OPENAI_FORMAT[format],
      inputFidelity: 'high',
      // JPEG cannot carry transparency, and the API rejects `transparent` with it.
      background: format === 'jpg' ? 'opaque' : 'transparent',
      timeoutMs: settings.timeoutMs,
    });
    await writeFile(temp, result.image);
    await archiveReplacedTarget(cutout, request.projectRoot, now);
    await rename(temp, cutout);
    return { applied: true, error: null, ...(result.usage && { usage: result.usage }) };
  } catch (error) {
    await rm(temp, { force: true });
    const message = `OpenAI refine failed for ${displayPath(cutout, request.appRoot)}: ${messageOf(error)}`;
    if (request.required) throw new Error(message, { cause: error });
    return { applied: false, error: message };
  }
}

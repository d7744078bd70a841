import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writePngTextChunks, type ImageEditor, type TImageEditRequest, type TImageEditResult, type TImageUsage } from '@kroma/adapters';
import type { TRunLogRequest } from '@kroma/contract';
import { sha256Hex } from '../planning/plan-run.js';
import { archiveFile, replacedArchiveDir } from '../qa/archive.js';
import { writeFileAtomic } from './atomic-file.js';
import { withRetries, type TRetryPolicy } from './retry.js';

export interface TGenerationCall {
  model: string;
  size: string;
  quality: string;
  prompt: string;
  /** As the run log lists them (relative to the app root, or absolute). */
  inputImages: string[];
  /** Absolute path the PNG is written to. */
  target: string;
  runId: string;
  jobId: string;
}

export interface TGenerationContext {
  editor: ImageEditor;
  appRoot: string;
  projectRoot: string;
  retry: TRetryPolicy;
  callTimeoutMs: number;
  signal?: AbortSignal;
  now: () => Date;
}

export interface TGenerated {
  request: TRunLogRequest;
  attempts: number;
  durationMs: number;
  outputSha256: string;
  usage?: TImageUsage;
}

/** A generation that failed for good (after its retries), with what it cost in attempts and time. */
export class GenerationError extends Error {
  override readonly name = 'GenerationError';
  readonly attempts: number;
  readonly durationMs: number;

  constructor(cause: unknown, attempts: number, durationMs: number) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.attempts = attempts;
    this.durationMs = durationMs;
  }
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    (info) => info.isFile(),
    () => false,
  );

/** The parameters that reproduce a call (the image API has no seed). */
export const requestRecord = (call: TGenerationCall): TRunLogRequest => ({
  model: call.model,
  size: call.size,
  quality: call.quality,
  input_fidelity: 'high',
  output_format: 'png',
  input_images: [...call.inputImages],
  prompt_sha256: sha256Hex(call.prompt),
});

/**
 * One generation (§4) with retries: the PNG gets the run id, job id and prompt hash as text chunks and is written
 * atomically; a file already at the target is archived to `archive/replaced` first (§3.6).
 */
export async function generateCandidate(call: TGenerationCall, context: TGenerationContext): Promise<TGenerated> {
  const request = requestRecord(call);
  const editRequest: TImageEditRequest = {
    model: call.model,
    size: call.size,
    quality: call.quality,
    prompt: call.prompt,
    images: call.inputImages.map((image) => ({ path: resolve(context.appRoot, image) })),
    outputFormat: 'png',
    inputFidelity: 'high',
    timeoutMs: context.callTimeoutMs,
    ...(context.signal !== undefined && { signal: context.signal }),
  };
  const started = performance.now();
  let attempted = 0;
  const callEditor = (attempt: number) => {
    attempted = attempt;
    return context.editor.edit(editRequest);
  };
  let outcome: Awaited<ReturnType<typeof withRetries<TImageEditResult>>>;
  try {
    outcome = await withRetries(callEditor, context.retry, { ...(context.signal !== undefined && { signal: context.signal }) });
  } catch (error) {
    throw new GenerationError(error, attempted, Math.round(performance.now() - started));
  }
  const { value: result, attempts } = outcome;
  const durationMs = Math.round(performance.now() - started);
  const png = writePngTextChunks(result.image, {
    'kroma:run_id': call.runId,
    'kroma:job_id': call.jobId,
    'kroma:prompt_sha256': request.prompt_sha256,
  });
  if (await exists(call.target)) await archiveFile(call.target, replacedArchiveDir(context.projectRoot), 'replaced', context.now());
  await writeFileAtomic(call.target, png);
  return {
    request,
    attempts,
    durationMs,
    outputSha256: createHash('sha256').update(png).digest('hex'),
    ...(result.usage !== undefined && { usage: result.usage }),
  };
}

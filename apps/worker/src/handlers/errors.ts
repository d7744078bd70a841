import { isKromaError } from '@kroma/contract';
import { errorLine } from '../util/redact.js';
import type { TWorkResult } from './types.js';

/** Refusals that trying again cannot change: bad payload, missing project, spend not confirmed. */
const FINAL_KINDS = new Set(['validation', 'not_found', 'unprocessable', 'payload_too_large']);

/** A handler's exception as an attempt's end: a deterministic refusal fails the instruction, anything else retries. */
export function workResultOfError(error: unknown): TWorkResult {
  const message = errorLine(error);
  if (isKromaError(error) && FINAL_KINDS.has(error.kind)) return { outcome: 'failed', error: message, response: { ok: false, error: message } };
  return { outcome: 'retry', error: message };
}

/** An error the handler raises on purpose to fail the instruction without retrying. */
export const finalFailure = (message: string): TWorkResult => ({ outcome: 'failed', error: message, response: { ok: false, error: message } });

import type { TCostEstimate, TRunMode } from '@kroma/pipeline';
import { printLine, type TCliIo } from './output.js';

/** The values of the §1.8 stdout protocol (paths as shown: app-root-relative, or absolute outside it). */
export interface TRunSummary {
  run_log_path: string;
  project_slug: string;
  project_root: string;
  jobs: number;
  mode: TRunMode;
}

export const SUMMARY_MARKER = 'KROMA_PIPELINE_SUMMARY_JSON: ';

/** `Run log:`, `Project:`, `Project root:`, `Jobs:`, then the marker line the server's post-run parses. */
export function printRunProtocol(io: TCliIo, summary: TRunSummary): void {
  printLine(io, `Run log: ${summary.run_log_path}`);
  printLine(io, `Project: ${summary.project_slug}`);
  printLine(io, `Project root: ${summary.project_root}`);
  printLine(io, `Jobs: ${summary.jobs} (${summary.mode === 'dry' ? 'dry/planned' : 'run/completed'})`);
  printLine(io, `${SUMMARY_MARKER}${JSON.stringify(summary)}`);
}

const usd = (value: number): string => `$${value.toFixed(2)}`;

/** Two lines: the total, then how it was priced. */
export function formatEstimate(estimate: TCostEstimate): string {
  const calls = estimate.generation_calls + estimate.refine_calls;
  return [
    `Estimated cost: ${usd(estimate.total_usd)} (${calls} image calls: ${estimate.generation_calls} generation + ${estimate.refine_calls} refine)`,
    `  priced as ${estimate.model} ${estimate.priced_size} ${estimate.priced_quality}: ${usd(estimate.per_image_usd)} per image + ${usd(estimate.input_allowance_per_call_usd)} input allowance per call (list prices; actual cost comes from each response's usage)`,
  ].join('\n');
}

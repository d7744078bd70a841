import type { TCostEstimate } from '../planning/cost.js';

const usd = (value: number): string => `$${value.toFixed(2)}`;

/** Two lines (no trailing newline): the total, then how it was priced. */
export function formatEstimate(estimate: TCostEstimate): string {
  const calls = estimate.generation_calls + estimate.refine_calls;
  return [
    `Estimated cost: ${usd(estimate.total_usd)} (${calls} image calls: ${estimate.generation_calls} generation + ${estimate.refine_calls} refine)`,
    `  priced as ${estimate.model} ${estimate.priced_size} ${estimate.priced_quality}: ${usd(estimate.per_image_usd)} per image + ${usd(estimate.input_allowance_per_call_usd)} input allowance per call (list prices; actual cost comes from each response's usage)`,
  ].join('\n');
}

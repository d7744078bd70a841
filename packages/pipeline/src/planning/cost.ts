import { validationError } from '@kroma/contract';

/*
 * OpenAI's published list prices for gpt-image-1 output images, USD per image (https://openai.com/api/pricing/).
 * They are list prices and change: the estimate is a planning figure, the run log's cost events (from each
 * response's `usage`) are the actual cost.
 */
export const IMAGE_OUTPUT_PRICES_USD: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>> = {
  'gpt-image-1': {
    low: { '1024x1024': 0.011, '1024x1536': 0.016, '1536x1024': 0.016 },
    medium: { '1024x1024': 0.042, '1024x1536': 0.063, '1536x1024': 0.063 },
    high: { '1024x1024': 0.167, '1024x1536': 0.25, '1536x1024': 0.25 },
  },
};

/**
 * Allowance per call for the input side (prompt text and input images at high input fidelity): about 3,000 image
 * input tokens at $10 per million tokens. A rough bound, not a quote.
 */
export const INPUT_ALLOWANCE_PER_CALL_USD = 0.03;

export interface TCostEstimateInput {
  model: string;
  size: string;
  quality: string;
  jobs: number;
  candidates: number;
  /** Total OpenAI refine calls of the run (one per candidate when bg removal with refine is on). */
  refineCalls: number;
}

export interface TCostEstimate {
  model: string;
  /** The price row used: `auto` size or quality is priced at its dearest option. */
  priced_size: string;
  priced_quality: string;
  generation_calls: number;
  refine_calls: number;
  per_image_usd: number;
  input_allowance_per_call_usd: number;
  output_usd: number;
  input_usd: number;
  total_usd: number;
}

const dearestKey = (table: Readonly<Record<string, unknown>>, price: (key: string) => number): string =>
  Object.keys(table).reduce((best, key) => (price(key) > price(best) ? key : best));

// Micro-dollar rounding keeps `0.25 * 3` from printing as 0.7500000000000001.
const roundUsd = (value: number): number => Math.round(value * 1e6) / 1e6;

/** Refine calls are priced like generation calls at the run's size and quality (their output is that size). */
export function estimateRunCost(input: TCostEstimateInput): TCostEstimate {
  const byQuality = IMAGE_OUTPUT_PRICES_USD[input.model];
  if (byQuality === undefined) throw validationError(`no price table for model ${input.model}`);
  const quality = input.quality === 'auto' ? 'high' : input.quality;
  const bySize = byQuality[quality];
  if (bySize === undefined) throw validationError(`no price for quality ${input.quality} of ${input.model}`);
  const size = input.size === 'auto' ? dearestKey(bySize, (key) => bySize[key] ?? 0) : input.size;
  const perImage = bySize[size];
  if (perImage === undefined) throw validationError(`no price for size ${input.size} of ${input.model}`);
  for (const [name, value] of [['jobs', input.jobs], ['candidates', input.candidates], ['refineCalls', input.refineCalls]] as const) {
    if (!Number.isInteger(value) || value < 0) throw validationError(`${name} must be an integer >= 0`);
  }
  const generationCalls = input.jobs * input.candidates;
  const calls = generationCalls + input.refineCalls;
  const outputUsd = roundUsd(calls * perImage);
  const inputUsd = roundUsd(calls * INPUT_ALLOWANCE_PER_CALL_USD);
  return {
    model: input.model,
    priced_size: size,
    priced_quality: quality,
    generation_calls: generationCalls,
    refine_calls: input.refineCalls,
    per_image_usd: perImage,
    input_allowance_per_call_usd: INPUT_ALLOWANCE_PER_CALL_USD,
    output_usd: outputUsd,
    input_usd: inputUsd,
    total_usd: roundUsd(outputUsd + inputUsd),
  };
}

import type { TImageUsage } from '@kroma/adapters';

/*
 * OpenAI's published list prices for GPT Image tokens, USD per token (https://openai.com/api/pricing/). They are
 * list prices and change; the cost events record the token counts too, so a cost can be recomputed later.
 */
export interface TTokenPrices {
  textInputUsd: number;
  imageInputUsd: number;
  imageOutputUsd: number;
}

const PER_MILLION = 1 / 1_000_000;

export const IMAGE_TOKEN_PRICES_USD: Readonly<Record<string, TTokenPrices>> = {
  'gpt-image-1': { textInputUsd: 5 * PER_MILLION, imageInputUsd: 10 * PER_MILLION, imageOutputUsd: 40 * PER_MILLION },
};

export interface TUsageCost {
  /** Total tokens of the call. */
  units: number;
  /** Average price of one of those tokens. */
  unitCostUsd: number;
  totalCostUsd: number;
}

// Micro-dollar rounding, as the estimate does.
const roundUsd = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * The actual cost of one call from the `usage` it reported, or undefined for a model without a token price. Input
 * tokens without a text/image split are priced as image input (the dearer kind), so the cost is never understated.
 */
export function costFromUsage(model: string, usage: TImageUsage): TUsageCost | undefined {
  const prices = IMAGE_TOKEN_PRICES_USD[model];
  if (prices === undefined) return undefined;
  const textTokens = usage.input_tokens_details?.text_tokens ?? 0;
  const imageTokens = usage.input_tokens_details?.image_tokens ?? Math.max(0, usage.input_tokens - textTokens);
  const total =
    textTokens * prices.textInputUsd + imageTokens * prices.imageInputUsd + usage.output_tokens * prices.imageOutputUsd;
  const units = usage.total_tokens;
  return { units, unitCostUsd: units === 0 ? 0 : total / units, totalCostUsd: roundUsd(total) };
}

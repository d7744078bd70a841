import type { TImageUsage } from '../interfaces/image-editor.js';

/** A scripted answer, consumed (one per call, in order) before the server answers normally again. */
export type TScriptedResponse =
  | {
      /** An HTTP error with an OpenAI-style JSON error body. */
      status: number;
      message?: string;
      /** Sent as `Retry-After: <seconds>`. */
      retryAfterSeconds?: number;
      /** Sent verbatim as `Retry-After` (e.g. an HTTP date). */
      retryAfter?: string;
    }
  /** Wait this long, then answer normally: longer than the client's timeout simulates a hung call. */
  | { hangMs: number }
  /** A 200 whose `data` is empty (no `b64_json`). */
  | { emptyData: true };

export function errorBody(status: number, message: string | undefined): string {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return JSON.stringify({ error: { message: message ?? defaultMessage(status), type, param: null, code: null } });
}

function defaultMessage(status: number): string {
  if (status === 429) return 'Rate limit reached for images';
  if (status >= 500) return 'The server had an error while processing your request.';
  return `Fake error ${status}`;
}

// Output tokens of gpt-image-1 by quality and size, as OpenAI documents them.
const OUTPUT_TOKENS: Record<string, Record<string, number>> = {
  low: { square: 272, tall: 408 },
  medium: { square: 1056, tall: 1584 },
  high: { square: 4160, tall: 6240 },
};

const IMAGE_TOKENS_PER_INPUT = 323;

/** A deterministic usage block: text tokens ≈ prompt length / 4, a fixed count per input image. */
export function fakeUsage(prompt: string, imageCount: number, quality: string, width: number, height: number): TImageUsage {
  const shape = width === height ? 'square' : 'tall';
  const outputTokens = OUTPUT_TOKENS[quality]?.[shape] ?? OUTPUT_TOKENS['high']?.[shape] ?? 0;
  const textTokens = Math.ceil(prompt.length / 4);
  const imageTokens = imageCount * IMAGE_TOKENS_PER_INPUT;
  const inputTokens = textTokens + imageTokens;
  return {
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    input_tokens_details: { image_tokens: imageTokens, text_tokens: textTokens },
  };
}

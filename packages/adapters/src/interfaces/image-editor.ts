/** One input image of an edit call: a file on disk, or bytes already in memory. */
export type TEditInputImage = { path: string } | { data: Buffer; filename: string };

export interface TImageEditRequest {
  model: string;
  prompt: string;
  /** Scene first, then style refs / character references, in that order. */
  images: TEditInputImage[];
  size?: string;
  quality?: string;
  outputFormat?: 'png' | 'webp' | 'jpeg';
  inputFidelity?: 'high' | 'low';
  background?: 'transparent' | 'opaque' | 'auto';
  /** Abort the call after this long (the engine's per-call timeout). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Token usage as the images API reports it (used for the actual cost of a call). */
export interface TImageUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details?: { image_tokens?: number; text_tokens?: number };
}

export interface TImageEditResult {
  image: Buffer;
  usage?: TImageUsage;
  /** The provider's request id, when it sent one (for support and the run log). */
  requestId?: string;
}

/**
 * An image-edit provider (OpenAI `images.edit`). Failures throw `ProviderError` with `retryable` set for what a
 * retry may cure; the caller owns retries, backoff and cost accounting.
 */
export interface ImageEditor {
  edit(request: TImageEditRequest): Promise<TImageEditResult>;
}

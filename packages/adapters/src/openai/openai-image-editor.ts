import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import OpenAI, { toFile } from 'openai';
import type { ImageEditParamsNonStreaming } from 'openai/resources/images';
import { ProviderError } from '../interfaces/errors.js';
import type {
  ImageEditor,
  TEditInputImage,
  TImageEditRequest,
  TImageEditResult,
  TImageUsage,
} from '../interfaces/image-editor.js';
import { imageMimeType } from './image-mime-type.js';
import { toProviderError } from './provider-error.js';

export interface TOpenAIImageEditorOptions {
  /** Default: `OPENAI_API_KEY`. */
  apiKey?: string;
  /** Default: `OPENAI_BASE_URL` (read by the SDK), else the public API. */
  baseURL?: string;
}

type TEditSize = ImageEditParamsNonStreaming['size'];
type TEditQuality = ImageEditParamsNonStreaming['quality'];

/**
 * `ImageEditor` over OpenAI `images.edit` with several input images. SDK retries are off: the pipeline engine owns
 * retries, backoff and cost accounting, and needs to see every failure as a `ProviderError`.
 */
export class OpenAIImageEditor implements ImageEditor {
  readonly #client: OpenAI;
  readonly #apiKey: string;

  constructor(options: TOpenAIImageEditorOptions = {}) {
    const apiKey = options.apiKey ?? process.env['OPENAI_API_KEY'];
    if (!apiKey) throw new Error('OpenAI API key missing: set OPENAI_API_KEY or pass apiKey');
    this.#apiKey = apiKey;
    this.#client = new OpenAI({ apiKey, baseURL: options.baseURL, maxRetries: 0 });
  }

  /** The base URL requests go to (after `OPENAI_BASE_URL` was applied). */
  get baseURL(): string {
    return this.#client.baseURL;
  }

  async edit(request: TImageEditRequest): Promise<TImageEditResult> {
    const images = await Promise.all(request.images.map((image) => toUpload(image)));
    const body: ImageEditParamsNonStreaming = {
      model: request.model,
      prompt: request.prompt,
      image: images,
      // Sizes and qualities are plain strings in our settings; the API validates them and answers 400 if wrong.
      ...(request.size !== undefined && { size: request.size as TEditSize }),
      ...(request.quality !== undefined && { quality: request.quality as TEditQuality }),
      ...(request.outputFormat !== undefined && { output_format: request.outputFormat }),
      ...(request.inputFidelity !== undefined && { input_fidelity: request.inputFidelity }),
      ...(request.background !== undefined && { background: request.background }),
    };
    try {
      const { data, request_id } = await this.#client.images
        .edit(body, {
          ...(request.timeoutMs !== undefined && { timeout: request.timeoutMs }),
          ...(request.signal !== undefined && { signal: request.signal }),
        })
        .withResponse();
      const b64 = data.data?.[0]?.b64_json;
      if (!b64) {
        throw new ProviderError('HTTP 200: response has no data[0].b64_json', { status: 200, retryable: false });
      }
      return {
        image: Buffer.from(b64, 'base64'),
        ...(data.usage && { usage: toUsage(data.usage) }),
        ...(request_id && { requestId: request_id }),
      };
    } catch (error) {
      throw toProviderError(error, { apiKey: this.#apiKey, timeoutMs: request.timeoutMs });
    }
  }
}

async function toUpload(image: TEditInputImage): Promise<File> {
  const [bytes, filename] = 'path' in image ? [await readInput(image.path), basename(image.path)] : [image.data, image.filename];
  return toFile(bytes, filename, { type: imageMimeType(filename, bytes) });
}

async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProviderError(`cannot read input image ${path}: ${reason}`, { retryable: false, cause: error });
  }
}

function toUsage(usage: OpenAI.ImagesResponse.Usage): TImageUsage {
  const details = usage.input_tokens_details;
  return {
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    total_tokens: usage.total_tokens,
    ...(details && { input_tokens_details: { image_tokens: details.image_tokens, text_tokens: details.text_tokens } }),
  };
}

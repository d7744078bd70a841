export interface TUpscaleRequest {
  input: string;
  output: string;
  scale: number;
  format: 'png' | 'jpg' | 'webp';
}

export interface TUpscaleResult {
  backend: string;
  model: string;
}

/** Real-ESRGAN (ncnn or python) through local tools, or the built-in sharp Lanczos resize. */
export interface Upscaler {
  readonly name: string;
  upscale(request: TUpscaleRequest): Promise<TUpscaleResult>;
}

export interface TBackgroundRemovalRequest {
  input: string;
  output: string;
  format: 'png' | 'jpg' | 'webp';
  /** HTTP backends only: `auto` sends nothing. */
  size?: string;
  crop?: boolean;
}

/** One background-removal backend (rembg, Photoroom, remove.bg); the caller tries them in order. */
export interface BackgroundRemover {
  readonly name: string;
  remove(request: TBackgroundRemovalRequest): Promise<void>;
}

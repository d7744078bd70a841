/** What QA needs from one image. */
export interface TImageMeasurement {
  width: number;
  height: number;
  /**
   * Mean of (|R−G| + |R−B| + |G−B|) / 3 over the pixels that count: fully transparent pixels are left out (the
   * original let them dilute the mean). 0 when no pixel counts.
   */
  chromaDelta: number;
  /** Pixels that counted (alpha > 0). */
  countedPixels: number;
  hasAlpha: boolean;
}

export interface ImageAnalyzer {
  /** Throws when the file cannot be read or decoded. */
  measure(path: string): Promise<TImageMeasurement>;
}

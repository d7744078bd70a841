import type { TColorProfile } from '@kroma/contract';

export interface TColorRequest {
  input: string;
  /** Written as PNG; transparency is kept (the original dropped it). */
  output: string;
  profile: TColorProfile;
}

export interface ColorCorrector {
  apply(request: TColorRequest): Promise<void>;
}

import { DEFAULT_POSTPROCESS_CONFIG } from '@kroma/contract';
import type { BackgroundRemover, TBackgroundRemovalRequest } from '../interfaces/background-remover.js';
import type { THttpBackend, THttpRemoverOptions } from './post-for-cutout.js';
import { postForCutout } from './post-for-cutout.js';

/** Photoroom's segmentation API (`x-api-key`). */
export class PhotoroomRemover implements BackgroundRemover {
  readonly name = 'photoroom';
  private readonly backend: THttpBackend;
  private readonly options: THttpRemoverOptions;

  constructor(options: THttpRemoverOptions = {}) {
    const defaults = DEFAULT_POSTPROCESS_CONFIG.bg_remove.photoroom;
    this.backend = { name: this.name, endpoint: options.endpoint ?? defaults.endpoint, apiKeyHeader: 'x-api-key', apiKeyEnv: options.apiKeyEnv ?? defaults.api_key_env };
    this.options = options;
  }

  remove(request: TBackgroundRemovalRequest): Promise<void> {
    return postForCutout(this.backend, this.options, request);
  }
}

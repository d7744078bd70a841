import { DEFAULT_POSTPROCESS_CONFIG } from '@kroma/contract';
import type { BackgroundRemover, TBackgroundRemovalRequest } from '../interfaces/background-remover.js';
import type { THttpBackend, THttpRemoverOptions } from './post-for-cutout.js';
import { postForCutout } from './post-for-cutout.js';

/** remove.bg's API (`X-Api-Key`). */
export class RemoveBgRemover implements BackgroundRemover {
  readonly name = 'removebg';
  private readonly backend: THttpBackend;
  private readonly options: THttpRemoverOptions;

  constructor(options: THttpRemoverOptions = {}) {
    const defaults = DEFAULT_POSTPROCESS_CONFIG.bg_remove.removebg;
    this.backend = { name: this.name, endpoint: options.endpoint ?? defaults.endpoint, apiKeyHeader: 'X-Api-Key', apiKeyEnv: options.apiKeyEnv ?? defaults.api_key_env };
    this.options = options;
  }

  remove(request: TBackgroundRemovalRequest): Promise<void> {
    return postForCutout(this.backend, this.options, request);
  }
}

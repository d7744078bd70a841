import type { KromaStore } from '@kroma/db';
import { initServer } from '@ts-rest/express';
import type { TPipelineRunner } from '../pipeline-runner.js';

/** What route handlers need; built once per server. */
export interface TServerDeps {
  store: KromaStore;
  startedAtMs: number;
  version: string;
  pipeline: TPipelineRunner;
}

export const s = initServer();

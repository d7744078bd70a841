import type { KromaStore } from '@kroma/db';
import { initServer } from '@ts-rest/express';
import type { RunService } from '../runs/run-service.js';

/** What route handlers need; built once per server. */
export interface TServerDeps {
  store: KromaStore;
  startedAtMs: number;
  version: string;
  runs: RunService;
}

export const s = initServer();

import type { KromaStore } from '@kroma/db';
import { initServer } from '@ts-rest/express';

/** What route handlers need; built once per server. */
export interface TServerDeps {
  store: KromaStore;
  startedAtMs: number;
  version: string;
}

export const s = initServer();

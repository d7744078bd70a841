import { keyringFromEnv, openStore, type KromaStore } from '@kroma/db';
import { DirectProjectAccess } from './direct-projects.js';
import { DirectInstructionSource } from './direct-source.js';
import type { TWorkerBackend } from './types.js';

/**
 * A backend over a store this process already has open; `close` leaves the store open. Workers in one process
 * share one store: better-sqlite3 waits for a lock synchronously, so two connections in one thread can stall.
 */
export function createDirectBackend(store: KromaStore, env: NodeJS.ProcessEnv): TWorkerBackend {
  return {
    source: new DirectInstructionSource(store),
    projects: new DirectProjectAccess(store, env),
    appRoot: store.appRoot,
    describe: store.path,
    close: async () => undefined,
  };
}

/** A worker beside the database: opens (and migrates) the SQLite file; relative paths resolve against `appRoot`. */
export async function openDirectBackend(dbPath: string, appRoot: string, env: NodeJS.ProcessEnv): Promise<TWorkerBackend> {
  const store = await openStore({ path: dbPath, appRoot, keyring: keyringFromEnv(env, appRoot) });
  return { ...createDirectBackend(store, env), close: () => store.close() };
}

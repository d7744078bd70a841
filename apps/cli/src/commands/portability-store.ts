import { existsSync } from 'node:fs';
import { openStore, type KromaStore } from '@kroma/db';
import { backendDbPath, type TCliEnvironment } from '../context.js';
import { UsageError } from '../output.js';

/**
 * The server's database (`KROMA_BACKEND_DB`, default `var/backend/app.db`), written directly like `kroma ingest`
 * does. `mustExist`: a verb that reads a project must not create an empty database on the way.
 */
export async function withBackendStore<T>(
  cli: TCliEnvironment,
  options: { mustExist: boolean },
  use: (store: KromaStore) => Promise<T>,
): Promise<T> {
  const path = backendDbPath(cli);
  if (options.mustExist && !existsSync(path)) throw new UsageError(`no database at ${path} (set KROMA_BACKEND_DB or create the project first)`);
  const store = await openStore({ path, appRoot: cli.appRoot });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

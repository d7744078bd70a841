import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Kysely } from 'kysely';
import { migrateToLatest } from './migrate.js';
import type { KromaDatabase } from './schema/database.js';
import { openSqlite } from './sqlite-dialect.js';
import type { SecretKeyring } from './secrets/keyring.js';
import { keyringFromEnv } from './secrets/keyring.js';

export type KromaDb = Kysely<KromaDatabase>;

export interface KromaStore {
  readonly db: KromaDb;
  /** Absolute path of the SQLite file. */
  readonly path: string;
  /** Relative storage paths (project roots, base dirs) resolve against this directory. */
  readonly appRoot: string;
  /** Master keys for secrets at rest. */
  readonly keyring: SecretKeyring;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** SQLite file; relative paths resolve against `appRoot`. Parent folders are created. */
  path: string;
  appRoot?: string;
  keyring?: SecretKeyring;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  busyTimeoutMs?: number;
}

export async function openStore(options: OpenStoreOptions): Promise<KromaStore> {
  const appRoot = resolve(options.appRoot ?? process.cwd());
  const path = isAbsolute(options.path) ? options.path : resolve(appRoot, options.path);
  mkdirSync(dirname(path), { recursive: true });
  const { dialect } = openSqlite(path, { busyTimeoutMs: options.busyTimeoutMs });
  const db = new Kysely<KromaDatabase>({ dialect });
  try {
    if (options.migrate !== false) await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    path,
    appRoot,
    keyring: options.keyring ?? keyringFromEnv(process.env, appRoot),
    close: () => db.destroy(),
  };
}

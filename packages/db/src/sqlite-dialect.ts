import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect, type Driver, type SqliteDatabase } from 'kysely';
import { BetterSqliteDriver } from './sqlite-driver.js';

/** Kysely's SQLite dialect (compiler, adapter, introspector) with our driver. */
class KromaSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;

  constructor(database: SqliteDatabase) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new BetterSqliteDriver(this.#database);
  }
}

/** Kysely prepares every query anew; better-sqlite3 statements are reusable, so keep the prepared ones. */
function withStatementCache(database: BetterSqlite3.Database, capacity = 500): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

export interface SqliteOptions {
  busyTimeoutMs?: number;
}

export function openSqlite(path: string, options: SqliteOptions = {}): { raw: BetterSqlite3.Database; dialect: SqliteDialect } {
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  // SQLite's stock 2 MiB page cache, not better-sqlite3's 16 MiB: bulk writes (run ingest) stream through far more
  // pages than either holds and re-reads come from the OS page cache, so the larger cache only added resident
  // memory (measured with bench/ingest.mjs: no slower, ~15 MB less peak RSS).
  raw.pragma('cache_size = -2048');
  raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  return { raw, dialect: new KromaSqliteDialect(withStatementCache(raw)) };
}

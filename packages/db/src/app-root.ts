import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The app root relative paths (database, project storage, settings) resolve against: `KROMA_APP_ROOT` when set,
 * else the checkout root (where `pnpm-workspace.yaml` lives) at or above `from`, else `from` itself.
 */
export function findAppRoot(from: string, env: NodeJS.ProcessEnv = {}): string {
  const explicit = env.KROMA_APP_ROOT?.trim();
  if (explicit) return resolve(from, explicit);
  let dir = resolve(from);
  for (;;) {
    if (existsSync(resolve(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

/**
 * Loads `<app root>/.env` into `env` with Node's own parser (`util.parseEnv`: comments, quotes, `export`): a
 * variable that is already set, even to an empty string, is never overridden. Returns the keys it set.
 */
export function loadAppRootEnv(appRoot: string, env: NodeJS.ProcessEnv): string[] {
  const path = resolve(appRoot, '.env');
  if (!existsSync(path)) return [];
  const loaded: string[] = [];
  for (const [key, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    if (env[key] !== undefined || value === undefined) continue;
    env[key] = value;
    loaded.push(key);
  }
  return loaded;
}

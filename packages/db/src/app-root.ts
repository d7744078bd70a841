import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

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

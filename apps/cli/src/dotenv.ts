import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One quote pair around the whole value is removed (`"a b"` → `a b`); a lone quote stays. */
function unquote(value: string): string {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) return value.slice(1, -1);
  return value;
}

/** `KEY=VALUE` pairs of a `.env` text: blank lines and `#` comments skipped, an `export ` prefix allowed. */
export function parseDotEnv(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const body = line.startsWith('export ') ? line.slice('export '.length).trimStart() : line;
    const equals = body.indexOf('=');
    if (equals <= 0) continue;
    const key = body.slice(0, equals).trim();
    if (!KEY_PATTERN.test(key)) continue;
    pairs.push([key, unquote(body.slice(equals + 1).trim())]);
  }
  return pairs;
}

/**
 * Loads `<app root>/.env` into `env` (§1.1.7): a variable that is already set, even to an empty string, is never
 * overridden. Returns the keys it set. A missing file sets nothing.
 */
export function loadDotEnv(appRoot: string, env: NodeJS.ProcessEnv): string[] {
  const path = join(appRoot, '.env');
  if (!existsSync(path)) return [];
  const loaded: string[] = [];
  for (const [key, value] of parseDotEnv(readFileSync(path, 'utf8'))) {
    if (env[key] !== undefined) continue;
    env[key] = value;
    loaded.push(key);
  }
  return loaded;
}

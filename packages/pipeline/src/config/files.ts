import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { ConfigFileError } from './errors.js';

export type TConfigFormat = 'json' | 'toml';

/** `.toml` (any case) is TOML; everything else is JSON. */
export const formatOfPath = (path: string): TConfigFormat => (extname(path).toLowerCase() === '.toml' ? 'toml' : 'json');

const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;

/** False only when nothing is there (a directory or an unreadable entry still "exists" and fails on read). */
export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw new ConfigFileError(`cannot read file (${code ?? 'unknown error'})`);
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ConfigFileError('file not found');
    if (code === 'EISDIR') throw new ConfigFileError('not a file');
    throw new ConfigFileError(`cannot read file (${code ?? 'unknown error'})`);
  }
}

export function parseConfigText(text: string, format: TConfigFormat): unknown {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (format === 'toml') {
    try {
      return parseToml(source, { unsafeKeyBehaviour: 'drop' });
    } catch (error) {
      if (error instanceof TomlError) {
        const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'syntax error';
        throw new ConfigFileError(`invalid TOML: ${reason} (line ${error.line}, column ${error.column})`);
      }
      throw new ConfigFileError('invalid TOML');
    }
  }
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    throw new ConfigFileError(`invalid JSON: ${error instanceof Error ? error.message : 'syntax error'}`);
  }
}

/** Reads and parses a config file (format from its extension); a missing file is an error here. */
export async function readConfigFile(path: string, format: TConfigFormat = formatOfPath(path)): Promise<unknown> {
  return parseConfigText(await readText(path), format);
}

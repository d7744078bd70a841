import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isKromaError } from '@kroma/contract';
import { expect } from 'vitest';

/** An app root and a project root in two separate temp directories (the project root is NOT under the app root). */
export interface TConfigSandbox {
  appRoot: string;
  projectRoot: string;
  outside: string;
  /** Writes a file (creating its directories); objects are written as JSON. Returns the absolute path. */
  write(path: string, content: unknown): string;
  cleanup(): void;
}

export function createSandbox(): TConfigSandbox {
  const base = mkdtempSync(join(tmpdir(), 'kroma-config-'));
  const appRoot = join(base, 'app');
  const projectRoot = join(base, 'projects', 'demo');
  const outside = join(base, 'outside');
  for (const dir of [appRoot, projectRoot, outside]) mkdirSync(dir, { recursive: true });
  return {
    appRoot,
    projectRoot,
    outside,
    write(path, content) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** The 400 message a promise is rejected with (fails the test when it resolves or fails otherwise). */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (!isKromaError(error)) throw error;
    expect(error.status).toBe(400);
    return error.message;
  }
  throw new Error('expected a validation error, got success');
}

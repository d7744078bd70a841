import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { validationError, ZRunLogSchema, type TRunLog } from '@kroma/contract';

/** App-root-relative with `/` separators, or absolute when the file lies outside the app root (§8.3). */
export function relativeRunLogPath(appRoot: string, absolutePath: string): string {
  const rel = relative(appRoot, absolutePath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return absolutePath;
  return rel.split(sep).join('/');
}

/** The whole log checked against the contract's schema; a 400 naming every bad field. */
export function validateRunLog(value: unknown): TRunLog {
  const parsed = ZRunLogSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  throw validationError(`Run log is invalid: ${problems.join('; ')}`);
}

export async function readRunLogBytes(absolutePath: string): Promise<Buffer> {
  const info = await stat(absolutePath).catch(() => undefined);
  if (!info?.isFile()) throw validationError(`Run log not found: ${absolutePath}`);
  return readFile(absolutePath);
}

export function parseRunLogJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw validationError(`Run log is not valid JSON: ${(error as Error).message}`);
  }
}

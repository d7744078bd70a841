import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runLogPath } from '../planning/layout.js';

const MAX_ATTEMPTS = 1000;

const isExists = (error: unknown): boolean => (error as NodeJS.ErrnoException | undefined)?.code === 'EEXIST';

/**
 * Claims `<root>/runs/run_<stamp>.json` by creating it exclusively, so two runs planned in the same millisecond
 * (concurrent triggers) never share a log: a taken name moves the stamp on by one millisecond. The empty claim is
 * replaced atomically by the planned log right after.
 */
export async function claimRunLogPath(projectRoot: string, now: Date): Promise<string> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const path = runLogPath(projectRoot, new Date(now.getTime() + attempt));
    await mkdir(dirname(path), { recursive: true });
    try {
      await (await open(path, 'wx')).close();
      return path;
    } catch (error) {
      if (!isExists(error)) throw error;
    }
  }
  throw new Error(`no free run log name under ${dirname(runLogPath(projectRoot, now))} after ${MAX_ATTEMPTS} attempts`);
}

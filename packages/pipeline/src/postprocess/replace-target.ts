import { stat } from 'node:fs/promises';
import { archiveFile, replacedArchiveDir } from '../qa/archive.js';

/** The text of any thrown value. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Moves an existing file at `target` to `<projectRoot>/archive/replaced` (§3.6) so a pass never overwrites a
 * result silently. Returns the archive path, or undefined when nothing was there.
 */
export async function archiveReplacedTarget(target: string, projectRoot: string, now: Date): Promise<string | undefined> {
  const info = await stat(target).catch(() => undefined);
  if (info === undefined || !info.isFile()) return undefined;
  return archiveFile(target, replacedArchiveDir(projectRoot), 'replaced', now);
}

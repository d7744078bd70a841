import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/**
 * A hidden temp name in the output's own folder (so the final rename stays on one file system) that keeps the
 * output's extension by default, for tools that pick the format from it.
 */
export function temporaryPathBeside(output: string, extension = extname(output)): string {
  const stem = basename(output, extname(output));
  return join(dirname(output), `.${stem}.tmp-${process.pid}-${randomBytes(4).toString('hex')}${extension}`);
}

/** Runs `write(tempPath)` and moves the result over `output`; a half-written temp file never stays behind. */
export async function writeThroughTemporaryFile(output: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(output), { recursive: true });
  const tempPath = temporaryPathBeside(output);
  try {
    await write(tempPath);
    await rename(tempPath, output);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}

export async function writeFileAtomically(output: string, bytes: Uint8Array): Promise<void> {
  await writeThroughTemporaryFile(output, (tempPath) => writeFile(tempPath, bytes));
}

import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { validationError } from '@kroma/contract';
import { corruptArchiveError, MANIFEST_FILE } from '../package/format.js';
import { extractTarGz } from '../package/tar-gz-reader.js';
import { walkFiles } from '../package/walk.js';

/** A package folder copied file by file (regular files only: links are not followed). */
async function copyFolder(source: string, target: string): Promise<void> {
  let lastFolder = '';
  for await (const file of walkFiles(source)) {
    const destination = join(target, file.relative);
    if (dirname(destination) !== lastFolder) {
      lastFolder = dirname(destination);
      await mkdir(lastFolder, { recursive: true });
    }
    await copyFile(file.absolute, destination);
  }
}

/** The package folder inside the staging area: the one holding `manifest.json`, at the top or one level down. */
async function packageFolder(staging: string): Promise<string> {
  const entries = await readdir(staging, { withFileTypes: true });
  if (entries.some((entry) => entry.isFile() && entry.name === MANIFEST_FILE)) return staging;
  const [only, ...others] = entries;
  if (only?.isDirectory() && others.length === 0) {
    const inner = join(staging, only.name);
    if ((await stat(join(inner, MANIFEST_FILE)).catch(() => undefined))?.isFile()) return inner;
  }
  throw corruptArchiveError('manifest.json is missing');
}

/**
 * Copies an export (a `.tar.gz` file or an export folder) into `staging`, an empty folder, and returns the
 * package folder in it. Nothing outside `staging` is written.
 */
export async function stageArchive(archivePath: string, staging: string): Promise<string> {
  const facts = await stat(archivePath).catch(() => undefined);
  if (!facts) throw validationError(`Archive '${archivePath}' does not exist`);
  if (facts.isDirectory()) await copyFolder(archivePath, staging);
  else await extractTarGz(archivePath, staging);
  return packageFolder(staging);
}

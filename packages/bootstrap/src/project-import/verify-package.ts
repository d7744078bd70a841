import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ARCHIVED_TABLES } from '@kroma/db';
import { corruptArchiveError, dbEntryPath, MANIFEST_FILE, PROJECT_FILE, readProjectFile, type TManifestHeader, type TProjectFile } from '../package/format.js';
import { hashFile } from '../package/hash-file.js';
import { readManifest } from '../package/manifest-reader.js';
import { isSafeEntryPath } from '../package/stored-path.js';
import { walkFiles } from '../package/walk.js';

export interface TVerifiedPackage {
  header: TManifestHeader;
  projectFile: TProjectFile;
}

const REQUIRED_ENTRIES = [PROJECT_FILE, ...ARCHIVED_TABLES.map(dbEntryPath)];

/**
 * Checks a staged package against its manifest before anything is written: every entry present with its size
 * and SHA-256, the entry count as announced, no file the manifest does not list, the required entries there, and
 * a readable `project.json`. Any failure is a 400 `Archive is corrupt: …`.
 */
export async function verifyPackage(packageDir: string): Promise<TVerifiedPackage> {
  const manifest = await readManifest(join(packageDir, MANIFEST_FILE));
  const required = new Set(REQUIRED_ENTRIES);
  let count = 0;
  for await (const entry of manifest.entries()) {
    if (!isSafeEntryPath(entry.path) || entry.path === MANIFEST_FILE) throw corruptArchiveError(`manifest.json lists an unsafe path '${entry.path}'`);
    const path = join(packageDir, entry.path);
    const facts = await stat(path).catch(() => undefined);
    if (!facts?.isFile()) throw corruptArchiveError(`${entry.path} is missing`);
    if (facts.size !== entry.size) throw corruptArchiveError(`${entry.path} has ${facts.size} bytes, the manifest says ${entry.size}`);
    if ((await hashFile(path)).sha256 !== entry.sha256) throw corruptArchiveError(`${entry.path} does not match its SHA-256`);
    required.delete(entry.path);
    count += 1;
  }
  if (count !== manifest.header.entry_count) {
    throw corruptArchiveError(`manifest.json lists ${count} entries but announces ${manifest.header.entry_count}`);
  }
  const [missing] = required;
  if (missing !== undefined) throw corruptArchiveError(`${missing} is missing`);
  let files = 0;
  for await (const _file of walkFiles(packageDir)) files += 1;
  if (files !== count + 1) throw corruptArchiveError(`the archive holds ${files - count - 1} file(s) the manifest does not list`);
  let projectJson: unknown;
  try {
    projectJson = JSON.parse(await readFile(join(packageDir, PROJECT_FILE), 'utf8'));
  } catch {
    throw corruptArchiveError('project.json is not valid JSON');
  }
  return { header: manifest.header, projectFile: readProjectFile(projectJson) };
}

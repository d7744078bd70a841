import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync, type Dirent } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface TFileFacts {
  exists: boolean;
  sha256: string | null;
}

/** What is known about the files of a run's paths: only existing ones are listed (most of a dry run's are not). */
export interface TRunFiles {
  /** How many distinct paths were checked. */
  pathCount: number;
  /** The facts of one path (`exists: false` for a path not listed). */
  of(path: string): TFileFacts;
}

const MISSING: TFileFacts = Object.freeze({ exists: false, sha256: null });

const HASH_CONCURRENCY = 16;
/** From this many wanted files in one folder on, one listing is cheaper than a stat per file. */
const LIST_FOLDER_FROM = 16;

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

// Synchronous calls are far cheaper than thread-pool round trips, and most paths of a dry log do not exist.
const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

/** The folder's entries by name; empty when it is missing (or not a folder): then none of its files exist. */
function listFolder(folder: string): Map<string, Dirent> {
  try {
    return new Map(readdirSync(folder, { withFileTypes: true }).map((entry) => [entry.name, entry]));
  } catch {
    return new Map();
  }
}

/** The written folder and the file name of a path; the name is "" when it is not a plain name (`.`, `..`, `a/`). */
function splitPath(path: string): [folder: string, name: string] {
  const cut = Math.max(path.lastIndexOf('/'), sep === '\\' ? path.lastIndexOf('\\') : -1);
  const name = path.slice(cut + 1);
  return [path.slice(0, cut + 1), name === '.' || name === '..' ? '' : name];
}

/**
 * Absolute path → exists, for each distinct path (relative → app root): each folder is resolved once, and a
 * folder with many wanted files is listed once instead of a stat per file (a symbolic link counts when it leads
 * to a file).
 */
function locateFiles(appRoot: string, paths: Iterable<string>): Map<string, { absolute: string; exists: boolean }> {
  const wantedByFolder = new Map<string, Array<[path: string, name: string]>>();
  for (const path of paths) {
    const [folder, name] = splitPath(path);
    const key = name === '' ? path : folder;
    const wanted = wantedByFolder.get(key);
    if (wanted) wanted.push([path, name]);
    else wantedByFolder.set(key, [[path, name]]);
  }
  const located = new Map<string, { absolute: string; exists: boolean }>();
  for (const [folder, wanted] of wantedByFolder) {
    const absoluteFolder = resolve(appRoot, folder);
    const entries = wanted.length >= LIST_FOLDER_FROM ? listFolder(absoluteFolder) : undefined;
    for (const [path, name] of wanted) {
      if (located.has(path)) continue;
      const absolute = name === '' ? absoluteFolder : join(absoluteFolder, name);
      const entry = entries?.get(name);
      const exists =
        entries === undefined ? isFile(absolute) : entry !== undefined && (entry.isFile() || (entry.isSymbolicLink() && isFile(absolute)));
      located.set(path, { absolute, exists });
    }
  }
  return located;
}

/** Existence and streaming SHA-256 of each distinct path (relative → app root), a bounded number at a time. */
export async function inspectFiles(appRoot: string, paths: Iterable<string>, computeHashes: boolean): Promise<TRunFiles> {
  const located = locateFiles(appRoot, paths);
  const facts = new Map<string, TFileFacts>();
  const queue: Array<[path: string, absolute: string]> = [];
  for (const [path, { absolute, exists }] of located) {
    if (!exists) continue;
    facts.set(path, { exists, sha256: null });
    if (computeHashes) queue.push([path, absolute]);
  }
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const [path, absolute] = queue[next++] as [string, string];
      facts.set(path, { exists: true, sha256: await sha256OfFile(absolute) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, queue.length) }, worker));
  return { pathCount: located.size, of: (path) => facts.get(path) ?? MISSING };
}

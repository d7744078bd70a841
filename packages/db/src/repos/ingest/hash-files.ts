import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface TFileFacts {
  exists: boolean;
  sha256: string | null;
}

const HASH_CONCURRENCY = 16;

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

// A synchronous stat is far cheaper than a thread-pool round trip, and most paths of a dry log do not exist.
const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

/** Existence and streaming SHA-256 of each distinct path (relative → app root), a bounded number at a time. */
export async function inspectFiles(
  appRoot: string,
  paths: Iterable<string>,
  computeHashes: boolean,
): Promise<Map<string, TFileFacts>> {
  const facts = new Map<string, TFileFacts>();
  const queue: string[] = [];
  for (const path of new Set(paths)) {
    const exists = isFile(resolve(appRoot, path));
    facts.set(path, { exists, sha256: null });
    if (exists && computeHashes) queue.push(path);
  }
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const path = queue[next++] as string;
      facts.set(path, { exists: true, sha256: await sha256OfFile(resolve(appRoot, path)) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, queue.length) }, worker));
  return facts;
}

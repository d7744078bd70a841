import { createReadStream, createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TManifestEntry } from './format.js';
import { fileFacts, hashFile, HashTap, WHOLE_READ_LIMIT } from './hash-file.js';
import type { TPackageOutput, TPackageSink } from './sink.js';

/** A package written as a plain folder (the legacy exporter's non-archive output): files copied and hashed once. */
export class FolderSink implements TPackageSink {
  #lastFolder = '';
  #bytes = 0;

  constructor(readonly tempPath: string) {}

  async #folderFor(target: string): Promise<void> {
    const folder = dirname(target);
    if (folder === this.#lastFolder) return;
    await mkdir(folder, { recursive: true });
    this.#lastFolder = folder;
  }

  async addFile(entryPath: string, sourcePath: string, options: { move?: boolean } = {}): Promise<TManifestEntry> {
    const target = join(this.tempPath, ...entryPath.split('/'));
    await this.#folderFor(target);
    let facts: { sha256: string; size: number };
    if (options.move === true) {
      await rename(sourcePath, target);
      facts = await hashFile(target);
    } else if (fileFacts(sourcePath).size <= WHOLE_READ_LIMIT) {
      const data = readFileSync(sourcePath);
      writeFileSync(target, data, { flag: 'wx' });
      facts = { sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
    } else {
      const tap = new HashTap();
      await pipeline(createReadStream(sourcePath), tap, createWriteStream(target, { flags: 'wx' }));
      facts = { sha256: tap.hash.digest('hex'), size: tap.bytes };
    }
    this.#bytes += facts.size;
    return { path: entryPath, ...facts };
  }

  async finish(): Promise<TPackageOutput> {
    return { sha256: null, sizeBytes: this.#bytes };
  }

  async abort(): Promise<void> {
    await rm(this.tempPath, { recursive: true, force: true });
  }
}

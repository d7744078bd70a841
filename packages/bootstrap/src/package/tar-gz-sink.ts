import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { Header, Pax } from 'tar';
import type { TManifestEntry } from './format.js';
import { fileChunks, fileFacts, HashTap } from './hash-file.js';
import type { TPackageOutput, TPackageSink } from './sink.js';

const BLOCK = 512;
const ZEROS = Buffer.alloc(BLOCK * 2);
const BATCH_BYTES = 256 * 1024;

/**
 * A streaming `.tar.gz` writer: each file is read once, hashed and packed as it streams (its size comes from a
 * stat first, as a tar header needs it), so memory stays at a few buffers however large the project is. Every
 * entry sits under one top folder, as the legacy exporter's archives did.
 */
export class TarGzSink implements TPackageSink {
  /** Level 1: a project is mostly PNG/JPEG/WebP, which deflate cannot shrink; higher levels only cost CPU. */
  readonly #gzip: Gzip = createGzip({ level: 1 });
  readonly #tap = new HashTap();
  readonly #written: Promise<void>;
  #failure: unknown;

  constructor(
    readonly tempPath: string,
    private readonly topFolder: string,
  ) {
    this.#written = pipeline(this.#gzip, this.#tap, createWriteStream(tempPath, { flags: 'wx' }));
    this.#written.catch((error: unknown) => {
      this.#failure = error;
    });
  }

  #pending: Buffer[] = [];
  #pendingBytes = 0;

  /**
   * Collects writes into batches of {@link BATCH_BYTES}: every write to a gzip stream is one compression task on
   * the thread pool, and three per small file (header, bytes, padding) kept the process waiting on those.
   */
  async #write(chunk: Buffer): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes >= BATCH_BYTES) await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#pendingBytes === 0) return;
    const batch = Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    if (!this.#gzip.write(batch)) await once(this.#gzip, 'drain');
  }

  async #header(path: string, size: number, mtime: Date): Promise<void> {
    const header = new Header({ path, mode: 0o644, size, mtime, type: 'File', uid: 0, gid: 0, uname: '', gname: '' });
    if (header.encode()) await this.#write(new Pax({ path, size, mtime }).encode());
    if (!header.block) throw new Error(`cannot encode a tar header for ${path}`);
    await this.#write(header.block);
  }

  async addFile(entryPath: string, sourcePath: string): Promise<TManifestEntry> {
    const facts = fileFacts(sourcePath);
    await this.#header(`${this.topFolder}/${entryPath}`, facts.size, facts.mtime);
    const hash = createHash('sha256');
    let size = 0;
    for await (const buffer of fileChunks(sourcePath, facts.size)) {
      size += buffer.length;
      if (size > facts.size) break;
      hash.update(buffer);
      await this.#write(buffer);
    }
    if (size !== facts.size) throw new Error(`${sourcePath} changed while it was being exported`);
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (padding > 0) await this.#write(ZEROS.subarray(0, padding));
    return { path: entryPath, size, sha256: hash.digest('hex') };
  }

  async finish(): Promise<TPackageOutput> {
    await this.#write(ZEROS);
    await this.#flush();
    this.#gzip.end();
    await this.#written;
    return { sha256: this.#tap.hash.digest('hex'), sizeBytes: this.#tap.bytes };
  }

  async abort(): Promise<void> {
    this.#gzip.destroy();
    await this.#written.catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }
}

import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Header, Pax, type HeaderData } from 'tar';
import { KromaError } from '@kroma/contract';
import { corruptArchiveError } from './format.js';
import { isSafeEntryPath } from './stored-path.js';

const BLOCK = 512;
/** A pax header or a GNU long name larger than this is not something Kroma wrote. */
const META_LIMIT = 1024 * 1024;
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

type TState = 'header' | 'body' | 'meta' | 'padding' | 'done';

/**
 * Unpacks a tar stream into a folder: regular files and folders only, paths checked (relative, no `..`), each file
 * created exclusively and written synchronously as its bytes arrive. Memory stays at one gunzip chunk whatever the
 * archive's size (the tar package's own extractor held far more), and when the stream fails — bad gzip, truncated,
 * a link entry — nothing is left being written, so the caller can remove the folder at once.
 */
class TarExtractor extends Writable {
  #state: TState = 'header';
  readonly #header = Buffer.alloc(BLOCK);
  #headerFill = 0;
  #remaining = 0;
  #padding = 0;
  #fd: number | undefined;
  #meta: Buffer[] = [];
  #metaType = '';
  #extended: HeaderData | undefined;
  #lastFolder = '';

  constructor(private readonly target: string) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      this.#consume(chunk);
      callback();
    } catch (error) {
      this.#closeFile();
      callback(error as Error);
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#closeFile();
    callback(this.#state === 'done' || (this.#state === 'header' && this.#headerFill === 0) ? null : corruptArchiveError('the archive ends in the middle of an entry'));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#closeFile();
    callback(error);
  }

  #consume(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && this.#state !== 'done') {
      if (this.#state === 'header') {
        const take = Math.min(BLOCK - this.#headerFill, chunk.length - at);
        chunk.copy(this.#header, this.#headerFill, at, at + take);
        this.#headerFill += take;
        at += take;
        if (this.#headerFill === BLOCK) this.#startEntry();
      } else if (this.#state === 'padding') {
        const take = Math.min(this.#padding, chunk.length - at);
        this.#padding -= take;
        at += take;
        if (this.#padding === 0) this.#state = 'header';
      } else {
        const take = Math.min(this.#remaining, chunk.length - at);
        const part = chunk.subarray(at, at + take);
        if (this.#state === 'meta') this.#meta.push(Buffer.from(part));
        else if (this.#fd !== undefined) writeSync(this.#fd, part);
        this.#remaining -= take;
        at += take;
        if (this.#remaining === 0) this.#endEntry();
      }
    }
  }

  #startEntry(): void {
    this.#headerFill = 0;
    const header = new Header(this.#header, 0, this.#extended);
    if (header.nullBlock) {
      this.#state = 'done';
      return;
    }
    if (!header.cksumValid) throw corruptArchiveError('a tar header is damaged');
    // The header prepends its ustar prefix even to a pax path; the pax path is the whole path (as tar's ReadEntry).
    const extendedPath = this.#extended?.path;
    this.#extended = undefined;
    const size = header.size ?? 0;
    this.#remaining = size;
    this.#padding = (BLOCK - (size % BLOCK)) % BLOCK;
    const type = header.type;
    if (type === 'ExtendedHeader' || type === 'NextFileHasLongPath' || type === 'GlobalExtendedHeader') {
      if (size > META_LIMIT) throw corruptArchiveError(`a ${type} entry is too large`);
      this.#metaType = type;
      this.#meta = [];
      this.#state = 'meta';
    } else if (type === 'Directory' || FILE_TYPES.has(type)) {
      const path = (extendedPath ?? header.path ?? '').replace(/\/+$/, '');
      if (!isSafeEntryPath(path)) throw corruptArchiveError(`the archive holds an unsafe path '${path}'`);
      const absolute = join(this.target, ...path.split('/'));
      if (type === 'Directory') mkdirSync(absolute, { recursive: true });
      else this.#openFile(absolute, path);
      this.#state = 'body';
    } else {
      throw corruptArchiveError(`${header.path ?? '?'} is a ${type} entry`);
    }
    if (this.#remaining === 0) this.#endEntry();
  }

  #openFile(absolute: string, path: string): void {
    const folder = dirname(absolute);
    if (folder !== this.#lastFolder) {
      mkdirSync(folder, { recursive: true });
      this.#lastFolder = folder;
    }
    try {
      this.#fd = openSync(absolute, 'wx');
    } catch {
      throw corruptArchiveError(`${path} appears twice in the archive`);
    }
  }

  #endEntry(): void {
    this.#closeFile();
    if (this.#state === 'meta') {
      const text = Buffer.concat(this.#meta).toString('utf8');
      if (this.#metaType === 'ExtendedHeader') this.#extended = Pax.parse(text, this.#extended);
      else if (this.#metaType === 'NextFileHasLongPath') this.#extended = { ...this.#extended, path: text.replace(/\0+$/, '') };
      this.#meta = [];
    }
    this.#state = this.#padding > 0 ? 'padding' : 'header';
  }

  #closeFile(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** Unpacks `archive` (gzip-compressed tar) into the folder `target`; any problem is a 400 `Archive is corrupt: …`. */
export async function extractTarGz(archive: string, target: string): Promise<void> {
  try {
    // Larger reads and inflate chunks than the defaults: fewer thread-pool round trips for the same bytes.
    await pipeline(createReadStream(archive, { highWaterMark: 1024 * 1024 }), createGunzip({ chunkSize: 256 * 1024 }), new TarExtractor(target));
  } catch (error) {
    if (error instanceof KromaError) throw error;
    throw corruptArchiveError(`not a readable tar.gz (${error instanceof Error ? error.message : String(error)})`);
  }
}

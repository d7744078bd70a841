import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { MANIFEST_FORMAT, type TManifestEntry, type TManifestHeader } from './format.js';

/** Separates the header line from the entry lines; the reader looks for it at the end of the first line. */
export const ENTRIES_OPENING = ',"entries":[';
const ENTRIES_CLOSING = '\n]}\n';

/**
 * Collects the manifest's entries in a side file as they are packaged (one line each), so a package of any size
 * never holds its entry list in memory; {@link compose} then writes `manifest.json`: the header on the first
 * line, one entry per line, valid JSON throughout.
 */
export class ManifestWriter {
  readonly #stream: WriteStream;
  #count = 0;
  #bytes = 0;

  constructor(private readonly entriesPath: string) {
    this.#stream = createWriteStream(entriesPath, { flags: 'wx' });
  }

  get count(): number {
    return this.#count;
  }

  async add(entry: TManifestEntry): Promise<void> {
    const line = `${this.#count === 0 ? '\n' : ',\n'}${JSON.stringify({ path: entry.path, size: entry.size, sha256: entry.sha256 })}`;
    this.#count += 1;
    this.#bytes += entry.size;
    if (!this.#stream.write(line)) await once(this.#stream, 'drain');
  }

  /** Writes `manifest.json` to `target` and returns its header (also what the database keeps). */
  async compose(target: string, header: Omit<TManifestHeader, 'format' | 'entry_count' | 'total_bytes'>): Promise<TManifestHeader> {
    this.#stream.end();
    await once(this.#stream, 'close');
    const full: TManifestHeader = { format: MANIFEST_FORMAT, ...header, entry_count: this.#count, total_bytes: this.#bytes };
    const opening = JSON.stringify(full).slice(0, -1) + ENTRIES_OPENING;
    const entriesPath = this.entriesPath;
    await pipeline(
      async function* manifest() {
        yield opening;
        yield* createReadStream(entriesPath);
        yield ENTRIES_CLOSING;
      },
      createWriteStream(target, { flags: 'wx' }),
    );
    return full;
  }

  /** Closes the side file without composing (after a failure). */
  async discard(): Promise<void> {
    if (!this.#stream.closed) {
      this.#stream.end();
      await once(this.#stream, 'close');
    }
  }
}

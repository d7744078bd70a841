import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { corruptArchiveError, isRecord, MANIFEST_FORMAT, type TManifestEntry, type TManifestHeader } from './format.js';
import { ENTRIES_OPENING } from './manifest-writer.js';

/** A manifest not in the one-entry-per-line layout is parsed whole, up to this size. */
const WHOLE_PARSE_LIMIT = 256 * 1024 * 1024;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface TManifestReader {
  header: TManifestHeader;
  /** The entries, streamed from the file (the layout the exporter writes) or from the parsed whole. */
  entries(): AsyncIterable<TManifestEntry>;
}

function checkHeader(value: unknown): TManifestHeader {
  if (!isRecord(value) || value.format !== MANIFEST_FORMAT) throw corruptArchiveError(`manifest.json is not a ${MANIFEST_FORMAT} file`);
  if (!isRecord(value.project) || typeof value.project.slug !== 'string' || typeof value.entry_count !== 'number') {
    throw corruptArchiveError('manifest.json has no project or entry count');
  }
  return value as unknown as TManifestHeader;
}

function checkEntry(value: unknown): TManifestEntry {
  if (!isRecord(value) || typeof value.path !== 'string' || !Number.isSafeInteger(value.size) || (value.size as number) < 0 || typeof value.sha256 !== 'string' || !SHA256_HEX.test(value.sha256)) {
    throw corruptArchiveError('manifest.json has an entry without a path, size and SHA-256');
  }
  return { path: value.path, size: value.size as number, sha256: value.sha256 };
}

async function firstLine(path: string): Promise<string> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}

async function* lineEntries(path: string): AsyncGenerator<TManifestEntry> {
  let first = true;
  for await (const raw of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (first) {
      first = false;
      continue;
    }
    const line = raw.endsWith(',') ? raw.slice(0, -1) : raw;
    if (line === ']}') return;
    if (line === '') continue;
    try {
      yield checkEntry(JSON.parse(line));
    } catch (error) {
      if (error instanceof SyntaxError) throw corruptArchiveError('manifest.json is not valid JSON');
      throw error;
    }
  }
  throw corruptArchiveError('manifest.json ends early');
}

/** Opens `manifest.json`: the header at once, the entries as a stream. */
export async function readManifest(path: string): Promise<TManifestReader> {
  const line = await firstLine(path);
  if (line.endsWith(ENTRIES_OPENING)) {
    let header: unknown;
    try {
      header = JSON.parse(`${line.slice(0, -ENTRIES_OPENING.length)}}`);
    } catch {
      throw corruptArchiveError('manifest.json is not valid JSON');
    }
    return { header: checkHeader(header), entries: () => lineEntries(path) };
  }
  if ((await stat(path)).size > WHOLE_PARSE_LIMIT) throw corruptArchiveError('manifest.json is too large to read');
  let whole: unknown;
  try {
    whole = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw corruptArchiveError('manifest.json is not valid JSON');
  }
  if (!isRecord(whole) || !Array.isArray(whole.entries)) throw corruptArchiveError('manifest.json has no entries');
  const { entries: list, ...header } = whole;
  return {
    header: checkHeader(header),
    entries: async function* entries() {
      for (const entry of list) yield checkEntry(entry);
    },
  };
}

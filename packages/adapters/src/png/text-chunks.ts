import extractChunks from 'png-chunks-extract';
import encodeChunks from 'png-chunks-encode';
import { decode as decodeTextChunk, encode as encodeTextChunk } from 'png-chunk-text';

type TPngChunk = { name: string; data: Uint8Array };

const TEXT_CHUNK = 'tEXt';
const MAX_KEYWORD_LENGTH = 79;

/**
 * Returns a copy of `png` with one `tEXt` chunk per entry, inserted just before IEND. Existing `tEXt` chunks with
 * the same keyword are dropped, so writing the same key twice keeps only the newest value. Throws on a buffer that
 * is not a valid PNG (bad signature or CRC) and on keys/values `tEXt` cannot hold (Latin-1, no NUL, key 1–79 chars).
 */
export function writePngTextChunks(png: Buffer, entries: Record<string, string>): Buffer {
  const newChunks = Object.entries(entries).map(([keyword, text]) => encodeEntry(keyword, text));
  const replacedKeywords = new Set(Object.keys(entries));
  const kept = extractChunks(png).filter(
    (chunk) => chunk.name !== TEXT_CHUNK || !replacedKeywords.has(decodeTextChunk(chunk.data).keyword),
  );
  const iendIndex = kept.findIndex((chunk) => chunk.name === 'IEND');
  if (iendIndex < 0) throw new Error('PNG has no IEND chunk');
  const chunks = [...kept.slice(0, iendIndex), ...newChunks, ...kept.slice(iendIndex)];
  const encoded = encodeChunks(chunks);
  return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

/** All `tEXt` entries of `png`, keyed by keyword; when a keyword repeats, the last chunk wins. */
export function readPngTextChunks(png: Buffer): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const chunk of extractChunks(png)) {
    if (chunk.name !== TEXT_CHUNK) continue;
    const { keyword, text } = decodeTextChunk(chunk.data);
    entries[keyword] = text;
  }
  return entries;
}

function encodeEntry(keyword: string, text: string): TPngChunk {
  if (keyword.length === 0 || keyword.length > MAX_KEYWORD_LENGTH || !isLatin1WithoutNul(keyword)) {
    throw new Error(`invalid PNG text keyword ${JSON.stringify(keyword)}: 1-${MAX_KEYWORD_LENGTH} Latin-1 characters, no NUL`);
  }
  if (!isLatin1WithoutNul(text)) {
    throw new Error(`PNG text value for ${JSON.stringify(keyword)} must be Latin-1 without NUL characters`);
  }
  // png-chunk-text refuses an empty value, which tEXt allows: the chunk is then just the keyword and its NUL.
  if (text === '') return { name: TEXT_CHUNK, data: Uint8Array.from([...Buffer.from(keyword, 'latin1'), 0]) };
  return encodeTextChunk(keyword, text);
}

function isLatin1WithoutNul(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code === 0 || code > 0xff) return false;
  }
  return true;
}

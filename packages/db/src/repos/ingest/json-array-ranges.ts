const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

// UTF-8 JSON can be scanned byte by byte: every structural character is ASCII, and the bytes of a multi-byte
// character are all ≥ 0x80.
const byteAt = (json: Buffer, index: number): number => json[index] ?? -1;
const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

function skipSpace(json: Buffer, at: number): number {
  let index = at;
  while (isSpace(byteAt(json, index))) index += 1;
  return index;
}

/** Index just past the string starting at `at` (a quote), or -1 when it is not closed. */
function afterString(json: Buffer, at: number): number {
  let index = at + 1;
  for (;;) {
    const quote = json.indexOf(QUOTE, index);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (byteAt(json, quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    index = quote + 1;
  }
}

/** Index just past the object or array starting at `at`, or -1 (brackets are only counted, JSON.parse checks them). */
function afterComposite(json: Buffer, at: number): number {
  let depth = 0;
  for (let index = at; index < json.length; index += 1) {
    const code = byteAt(json, index);
    if (code === QUOTE) {
      index = afterString(json, index) - 1;
      if (index < 0) return -1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

/** Index just past the value starting at `at`; scalars end at the next separator (JSON.parse checks them). */
function afterValue(json: Buffer, at: number): number {
  const code = byteAt(json, at);
  if (code === QUOTE) return afterString(json, at);
  if (code === OPEN_BRACE || code === OPEN_BRACKET) return afterComposite(json, at);
  let index = at;
  for (let next = code; next >= 0 && next !== COMMA && next !== CLOSE_BRACE && next !== CLOSE_BRACKET && !isSpace(next); ) {
    index += 1;
    next = byteAt(json, index);
  }
  return index > at ? index : -1;
}

export interface TArrayRanges {
  /** Where the array (its brackets included) starts and ends. */
  start: number;
  end: number;
  /** Start and end offset of each element, flattened: [start0, end0, start1, end1, …]. */
  elements: number[];
}

/** Element ranges of an array of objects starting at `at` (`[`), or undefined when it holds anything else. */
function objectArrayRanges(json: Buffer, at: number): TArrayRanges | undefined {
  const elements: number[] = [];
  let index = skipSpace(json, at + 1);
  if (byteAt(json, index) === CLOSE_BRACKET) return { start: at, end: index + 1, elements };
  for (;;) {
    if (byteAt(json, index) !== OPEN_BRACE) return undefined;
    const end = afterComposite(json, index);
    if (end < 0) return undefined;
    elements.push(index, end);
    index = skipSpace(json, end);
    const code = byteAt(json, index);
    if (code === CLOSE_BRACKET) return { start: at, end: index + 1, elements };
    if (code !== COMMA) return undefined;
    index = skipSpace(json, index + 1);
  }
}

/**
 * Where the elements of the top-level object's `key` array lie in a UTF-8 JSON document, so they can be parsed one
 * at a time instead of holding the whole document parsed. Undefined unless the document is an object with exactly
 * one such key (spelled without escapes) whose value is an array of objects; JSON.parse of the pieces still checks
 * that each is well-formed.
 */
export function objectArrayRangesOf(json: Buffer, key: string): TArrayRanges | undefined {
  let index = skipSpace(json, 0);
  if (byteAt(json, index) !== OPEN_BRACE) return undefined;
  let found: TArrayRanges | undefined;
  index = skipSpace(json, index + 1);
  for (;;) {
    if (byteAt(json, index) !== QUOTE) return undefined;
    const keyEnd = afterString(json, index);
    if (keyEnd < 0) return undefined;
    const name = json.toString('utf8', index + 1, keyEnd - 1);
    index = skipSpace(json, keyEnd);
    if (byteAt(json, index) !== COLON) return undefined;
    index = skipSpace(json, index + 1);
    // An escaped name might spell `key`, and JSON.parse keeps the last of repeated keys: both go the plain way.
    if (name.includes('\\')) return undefined;
    if (name === key) {
      if (found || byteAt(json, index) !== OPEN_BRACKET) return undefined;
      found = objectArrayRanges(json, index);
      if (!found) return undefined;
      index = found.end;
    } else {
      index = afterValue(json, index);
      if (index < 0) return undefined;
    }
    index = skipSpace(json, index);
    const code = byteAt(json, index);
    if (code === CLOSE_BRACE) return skipSpace(json, index + 1) === json.length ? found : undefined;
    if (code !== COMMA) return undefined;
    index = skipSpace(json, index + 1);
  }
}

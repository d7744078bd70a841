import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchSizesOf, INSERT_BATCH_ROWS } from '../src/repos/ingest/batch-insert.js';
import { inspectFiles } from '../src/repos/ingest/hash-files.js';
import { AscendingIds } from '../src/util/ids.js';
import { tempStore } from './support/run-logs.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('AscendingIds', () => {
  it('hands out distinct random v4 ids in ascending order, then falls back to unordered ones', () => {
    const source = new AscendingIds(2000);
    const ids = Array.from({ length: 2003 }, () => source.next());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(2003);
    const heads = ids.slice(0, 2000).map((id) => id.slice(0, 8));
    expect(heads).toEqual([...heads].sort());
    expect([heads.at(0), heads.at(-1)]).toEqual([expect.stringMatching(/^[01]/), expect.stringMatching(/^[ef]/)]); // the whole range
  });
});

describe('batchSizesOf', () => {
  it('splits rows into full batches and powers of two', () => {
    expect(batchSizesOf(0)).toEqual([]);
    expect(batchSizesOf(1)).toEqual([1]);
    expect(batchSizesOf(2 * INSERT_BATCH_ROWS + 300)).toEqual([INSERT_BATCH_ROWS, INSERT_BATCH_ROWS, 256, 32, 8, 4]);
  });
});

describe('inspectFiles', () => {
  let env: Awaited<ReturnType<typeof tempStore>>;
  beforeEach(async () => {
    env = await tempStore('files');
  });
  afterEach(() => env.close());

  it('finds files by listing busy folders and by stat otherwise, hashing only existing ones', async () => {
    const busy = Array.from({ length: 20 }, (_, index) => `outputs/busy_${index}.png`);
    mkdirSync(join(env.root, 'outputs/sub'), { recursive: true });
    for (const path of busy.slice(0, 10)) writeFileSync(join(env.root, path), 'png');
    writeFileSync(join(env.root, 'outputs/sub/lone.png'), 'lone');
    symlinkSync(join(env.root, 'outputs/busy_0.png'), join(env.root, 'outputs/busy_19.png'));
    const paths = [...busy, 'outputs/sub/lone.png', 'outputs/sub', 'outputs/sub/../sub/lone.png', 'missing/a.png', 'outputs/..'];
    const files = await inspectFiles(env.root, paths, true);
    expect(files.pathCount).toBe(paths.length);
    const existing = paths.filter((path) => files.of(path).exists);
    expect(existing).toEqual([...busy.slice(0, 10), 'outputs/busy_19.png', 'outputs/sub/lone.png', 'outputs/sub/../sub/lone.png']);
    expect(files.of('outputs/sub/lone.png').sha256).toBe(createHash('sha256').update('lone').digest('hex'));
    expect(files.of('outputs/busy_19.png').sha256).toBe(files.of('outputs/busy_0.png').sha256);
    expect(files.of('missing/a.png')).toEqual({ exists: false, sha256: null });
    expect((await inspectFiles(env.root, ['outputs/sub/lone.png'], false)).of('outputs/sub/lone.png')).toEqual({ exists: true, sha256: null });
  });
});

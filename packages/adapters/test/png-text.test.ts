import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import extractChunks from 'png-chunks-extract';
import { readPngTextChunks, writePngTextChunks } from '../src/png/index.js';
import { makeTestPng } from '../src/testing/index.js';

const KROMA_ENTRIES = {
  'kroma:run_id': 'run_20261123_164400',
  'kroma:job_id': 'scene_01__c2',
  'kroma:prompt_sha256': 'a'.repeat(64),
};

describe('PNG text chunks', () => {
  it('round-trips the kroma entries and the image still decodes with the same pixels', async () => {
    const png = await makeTestPng({ width: 8, height: 6, color: { r: 10, g: 200, b: 30 } });
    const tagged = writePngTextChunks(png, KROMA_ENTRIES);

    expect(readPngTextChunks(tagged)).toEqual(KROMA_ENTRIES);
    const metadata = await sharp(tagged).metadata();
    expect([metadata.width, metadata.height, metadata.format]).toEqual([8, 6, 'png']);
    const before = await sharp(png).raw().toBuffer();
    const after = await sharp(tagged).raw().toBuffer();
    expect(after.equals(before)).toBe(true);
  });

  it('inserts the chunks just before IEND', async () => {
    const png = await makeTestPng({ width: 2, height: 2, color: { r: 0, g: 0, b: 0 } });
    const names = extractChunks(writePngTextChunks(png, { a: '1', b: '2' })).map((chunk) => chunk.name);
    expect(names.slice(-3)).toEqual(['tEXt', 'tEXt', 'IEND']);
    expect(names[0]).toBe('IHDR');
  });

  it('replaces an existing key and keeps the other entries', async () => {
    const png = await makeTestPng({ width: 2, height: 2, color: { r: 1, g: 2, b: 3 } });
    const first = writePngTextChunks(png, { 'kroma:run_id': 'old', other: 'kept' });
    const second = writePngTextChunks(first, { 'kroma:run_id': 'new' });

    expect(readPngTextChunks(second)).toEqual({ other: 'kept', 'kroma:run_id': 'new' });
    const textChunks = extractChunks(second).filter((chunk) => chunk.name === 'tEXt');
    expect(textChunks).toHaveLength(2);
  });

  it('returns an empty record for a PNG without text and keeps empty values', async () => {
    const png = await makeTestPng({ width: 2, height: 2, color: { r: 1, g: 2, b: 3 } });
    expect(readPngTextChunks(png)).toEqual({});
    expect(readPngTextChunks(writePngTextChunks(png, { empty: '' }))).toEqual({ empty: '' });
  });

  it('rejects values tEXt cannot hold and buffers that are not PNGs', async () => {
    const png = await makeTestPng({ width: 2, height: 2, color: { r: 1, g: 2, b: 3 } });
    expect(() => writePngTextChunks(png, { key: 'snow ☃' })).toThrow('must be Latin-1');
    expect(() => writePngTextChunks(png, { ['k'.repeat(80)]: 'v' })).toThrow('invalid PNG text keyword');
    expect(() => readPngTextChunks(Buffer.from('not a png'))).toThrow();
  });
});

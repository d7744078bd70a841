import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isKromaError } from '@kroma/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveBad, archiveFile, archiveStamp, sanitizeArchiveStem } from '../src/qa/index.js';
import { createQaSandbox } from './qa-fixtures.js';

const NOW = new Date('2026-02-25T01:20:56.123Z');
const STAMP = '2026-02-25T01-20-56-123Z';

let box: ReturnType<typeof createQaSandbox>;
beforeEach(() => {
  box = createQaSandbox();
});
afterEach(() => box.cleanup());

const put = (relative: string, content: string): string => {
  const path = box.path(relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
};

describe('archive names', () => {
  it('stamps with the ISO time, `:` and `.` replaced', () => {
    expect(archiveStamp(NOW)).toBe(STAMP);
  });

  it('sanitises the stem like the pass file names', () => {
    expect(sanitizeArchiveStem('Style 1 (Scene).v2__c2')).toBe('style_1_scene_v2__c2');
    expect(sanitizeArchiveStem('!!!')).toBe('');
  });
});

describe('archiveFile', () => {
  it('moves the file to <stem>_<kind>_<stamp><ext>, keeping the original extension', async () => {
    const file = put('outputs/Job A.PNG', 'one');
    const target = await archiveFile(file, box.path('archive', 'replaced'), 'replaced', NOW);
    expect(target).toBe(box.path('archive', 'replaced', `job_a_replaced_${STAMP}.PNG`));
    expect(readFileSync(target, 'utf8')).toBe('one');
    expect(existsSync(file)).toBe(false);
  });

  it('names a stem that sanitises to nothing `file`', async () => {
    const target = await archiveFile(put('???.webp', 'x'), box.path('bad'), 'bad', NOW);
    expect(target).toBe(box.path('bad', `file_bad_${STAMP}.webp`));
  });

  it('never overwrites: same stem in the same millisecond gets -1, -2', async () => {
    const dir = box.path('archive', 'bad');
    const targets = [];
    for (const content of ['first', 'second', 'third'])
      targets.push(await archiveFile(put(`color_corrected/job.png`, content), dir, 'bad', NOW));
    expect(targets).toEqual([
      join(dir, `job_bad_${STAMP}.png`),
      join(dir, `job_bad_${STAMP}-1.png`),
      join(dir, `job_bad_${STAMP}-2.png`),
    ]);
    expect(targets.map((target) => readFileSync(target, 'utf8'))).toEqual(['first', 'second', 'third']);
  });

  it('gives concurrent archives of the same name distinct targets', async () => {
    const dir = box.path('archive', 'bad');
    const files = ['a', 'b', 'c', 'd'].map((name) => put(`${name}/job.png`, name));
    const targets = await Promise.all(files.map((file) => archiveFile(file, dir, 'bad', NOW)));
    expect(new Set(targets).size).toBe(4);
    expect(targets.map((target) => readFileSync(target, 'utf8')).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('fails on a missing file and leaves no placeholder behind', async () => {
    const dir = box.path('archive', 'bad');
    await expect(archiveFile(box.path('missing.png'), dir, 'bad', NOW)).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('archiveBad', () => {
  it('moves every image under a directory into archive/bad, keeping sub-directories, skipping non-images', async () => {
    put('review/top.png', 'top');
    put('review/notes.txt', 'keep me');
    put('review/scene 2/shot.JPG', 'shot');
    put('review/scene 2/deep/top.png', 'deep');
    const result = await archiveBad('review', box.root, { now: NOW });
    expect(result).toEqual({
      ok: true,
      archive_dir: 'archive/bad',
      moved_count: 3,
      moved: [
        { from: 'review/scene 2/deep/top.png', to: `archive/bad/scene 2/deep/top_bad_${STAMP}.png` },
        { from: 'review/scene 2/shot.JPG', to: `archive/bad/scene 2/shot_bad_${STAMP}.JPG` },
        { from: 'review/top.png', to: `archive/bad/top_bad_${STAMP}.png` },
      ],
    });
    expect(readFileSync(box.path('archive', 'bad', 'scene 2', 'deep', `top_bad_${STAMP}.png`), 'utf8')).toBe('deep');
    expect(existsSync(box.path('review', 'notes.txt'))).toBe(true);
  });

  it('archives a single image file flat and shows paths relative to the display root', async () => {
    const project = box.path('projects', 'demo');
    put('projects/demo/outputs/job.png', 'x');
    const result = await archiveBad('projects/demo/outputs/job.png', project, { now: NOW, displayRoot: box.root });
    expect(result).toEqual({
      ok: true,
      archive_dir: 'projects/demo/archive/bad',
      moved_count: 1,
      moved: [{ from: 'projects/demo/outputs/job.png', to: `projects/demo/archive/bad/job_bad_${STAMP}.png` }],
    });
  });

  it('leaves images already in archive/bad alone when archiving the whole project', async () => {
    put(`archive/bad/old_bad_${STAMP}.png`, 'old');
    put('outputs/new.png', 'new');
    const result = await archiveBad('.', box.root, { now: NOW });
    expect(result.moved).toEqual([{ from: 'outputs/new.png', to: `archive/bad/outputs/new_bad_${STAMP}.png` }]);
  });

  it('is an error when no image is found or the input is missing', async () => {
    put('docs/readme.txt', 'x');
    const noImages = await archiveBad('docs', box.root).catch((error: unknown) => error);
    expect(isKromaError(noImages) && noImages.message).toBe('archive-bad found no images under docs');
    const missing = await archiveBad('nowhere', box.root).catch((error: unknown) => error);
    expect(isKromaError(missing) && missing.message).toBe('archive-bad input not found: nowhere');
    await expect(archiveBad('docs/readme.txt', box.root)).rejects.toThrow('archive-bad found no images under docs/readme.txt');
  });
});

import { basename, extname, join } from 'node:path';

/*
 * Two sanitisers coexisted in the original (§3.5, §10.19). Kroma uses the JS `sanitizeId` rule for ids (project
 * id, job-id stems), and for pass file names the same rule minus the dotted-suffix strip, because that strip made
 * `job.v2.png` and `job.v3.png` produce the same pass file.
 */

const replaceInvalidRuns = (value: string): string =>
  value
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();

/**
 * The JS rule: drop one trailing `.<alnum>+`, replace each run of characters outside `[A-Za-z0-9_-]` with one `_`,
 * strip leading/trailing `_`, lower-case. An existing `__` is kept (`a__b` stays `a__b`).
 */
export function sanitizeId(value: string): string {
  return replaceInvalidRuns(value.replace(/\.[A-Za-z0-9]+$/, ''));
}

/** For a file stem whose extension is already gone: the JS rule without the dotted-suffix strip. */
export function sanitizeFileStem(stem: string): string {
  return replaceInvalidRuns(stem);
}

/** A file name's stem: the name without its last extension (`a.b.png` → `a.b`). */
export const fileStem = (file: string): string => basename(file, extname(file));

/**
 * A post-process pass names its output after the previous pass's file: `<dir>/<stem>_<suffix>.<ext>`. A non-empty
 * suffix always adds `_`, even when it sanitises to nothing (`A.png` + `!!!` → `a_.png`); an empty stem is `image`.
 */
export function buildPassOutputPath(dir: string, previousFile: string, suffix: string, ext: string): string {
  const stem = sanitizeFileStem(fileStem(previousFile)) || 'image';
  const tail = suffix === '' ? '' : `_${sanitizeFileStem(suffix)}`;
  const extension = ext.replace(/^\.+/, '').toLowerCase();
  return join(dir, `${stem}${tail}.${extension}`);
}

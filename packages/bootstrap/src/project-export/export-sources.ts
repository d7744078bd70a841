import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { iterateFinalAssetPaths, iterateProjectRows, type KromaDb, type TArchivedTable } from '@kroma/db';
import { FILES_DIR, RUNS_DIR } from '../package/format.js';
import { below } from '../package/stored-path.js';
import { walkFiles } from '../package/walk.js';

const ROWS_PER_WRITE = 500;

/** Streams a project's rows of one table into a JSON Lines file; returns the row count. */
export async function writeTableRows(db: KromaDb, projectId: string, table: TArchivedTable, target: string): Promise<number> {
  const out = createWriteStream(target, { flags: 'wx' });
  let count = 0;
  let lines: string[] = [];
  const flush = async () => {
    const text = lines.join('');
    lines = [];
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    for await (const row of iterateProjectRows(db, projectId, table)) {
      count += 1;
      lines.push(`${JSON.stringify(row)}\n`);
      // One write per few hundred rows: a write per row queued a buffer per row.
      if (lines.length >= ROWS_PER_WRITE) await flush();
    }
    await flush();
  } finally {
    out.end();
    await once(out, 'close');
  }
  return count;
}

/** A file to package: where it goes in the package and where it is read from. */
export interface TPackageFile {
  entryPath: string;
  absolute: string;
}

export interface TProjectFilesOptions {
  db: KromaDb;
  appRoot: string;
  projectId: string;
  projectRoot: string;
  includeFiles: boolean;
  /** Paths that must not be packaged (the export's own temp output, when it lies inside the project folder). */
  excluded: (absolute: string) => boolean;
}

const isRunsFolder = (relative: string): boolean => relative === RUNS_DIR;

/** The run logs: everything in the project folder's `runs/`. */
export async function* runLogFiles(options: TProjectFilesOptions): AsyncGenerator<TPackageFile> {
  const root = resolve(options.projectRoot, RUNS_DIR);
  for await (const file of walkFiles(root)) {
    if (!options.excluded(file.absolute)) yield { entryPath: `${RUNS_DIR}/${file.relative}`, absolute: file.absolute };
  }
}

/** The selected finals that exist inside the project folder (outside `runs/`). */
async function* finalFiles(options: TProjectFilesOptions): AsyncGenerator<TPackageFile> {
  for await (const stored of iterateFinalAssetPaths(options.db, options.projectId)) {
    const absolute = resolve(options.appRoot, stored);
    const relative = below(options.projectRoot, absolute);
    if (relative === undefined || relative === '' || relative.split('/')[0] === RUNS_DIR) continue;
    if (options.excluded(absolute) || !statSync(absolute, { throwIfNoEntry: false })?.isFile()) continue;
    yield { entryPath: `${FILES_DIR}/${relative}`, absolute };
  }
}

/** The project folder minus `runs/` when `includeFiles`, else only the selected finals. */
export async function* projectFiles(options: TProjectFilesOptions): AsyncGenerator<TPackageFile> {
  if (!options.includeFiles) {
    yield* finalFiles(options);
    return;
  }
  const skip = (relative: string) => isRunsFolder(relative) || options.excluded(resolve(options.projectRoot, relative));
  for await (const file of walkFiles(options.projectRoot, skip)) {
    yield { entryPath: `${FILES_DIR}/${file.relative}`, absolute: file.absolute };
  }
}

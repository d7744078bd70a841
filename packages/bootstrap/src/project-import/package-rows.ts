import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TArchiveRow, TArchivedTable } from '@kroma/db';
import { corruptArchiveError, dbEntryPath, isRecord } from '../package/format.js';

/** The rows of `db/<table>.jsonl`, one parsed line at a time. */
export async function* packageRows(packageDir: string, table: TArchivedTable): AsyncGenerator<TArchiveRow> {
  const path = join(packageDir, ...dbEntryPath(table).split('/'));
  if (!existsSync(path)) return;
  let lineNumber = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    lineNumber += 1;
    if (line === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw corruptArchiveError(`${dbEntryPath(table)} line ${lineNumber} is not valid JSON`);
    }
    if (!isRecord(row) || typeof row.id !== 'string') throw corruptArchiveError(`${dbEntryPath(table)} line ${lineNumber} is not a row with an id`);
    yield row;
  }
}

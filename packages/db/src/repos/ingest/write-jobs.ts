import type { KromaDb } from '../../store.js';
import { addJobRows, emptyJobRows, type TJobRows, type TRowContext } from './job-rows.js';
import type { TRunLogSource } from './run-log-source.js';
import { writeJobChunk } from './write-rows.js';

/** Candidates per chunk: small enough that a chunk of rows rarely outlives a young-generation collection. */
const CHUNK_CANDIDATES = 256;

export interface TWrittenJobs {
  jobs: number;
  candidates: number;
  reports: number;
}

/**
 * Builds and writes the rows a chunk of jobs at a time (inside the caller's transaction), so memory holds one
 * chunk of jobs and rows rather than the whole run's.
 */
export async function writeJobs(db: KromaDb, source: TRunLogSource, context: TRowContext): Promise<TWrittenJobs> {
  const written: TWrittenJobs = { jobs: 0, candidates: 0, reports: 0 };
  let rows: TJobRows = emptyJobRows();
  const flush = async () => {
    await writeJobChunk(db, rows, context.assets.takeRows());
    written.jobs += rows.jobs.length;
    written.candidates += rows.candidates.length;
    written.reports += rows.reports.length;
    rows = emptyJobRows();
  };
  for (let index = 0; index < source.jobCount; index += 1) {
    addJobRows(rows, context, source.jobAt(index), index + 1);
    if (rows.candidates.length >= CHUNK_CANDIDATES) await flush();
  }
  await flush();
  return written;
}

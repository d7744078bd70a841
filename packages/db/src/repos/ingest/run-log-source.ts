import { resolve } from 'node:path';
import { ZRunLogJobSchema, ZRunLogSchema, type TRunLog, type TRunLogJob } from '@kroma/contract';
import { objectArrayRangesOf } from './json-array-ranges.js';
import { parseRunLogJson, readRunLogBytes, relativeRunLogPath, validateRunLog } from './load-run-log.js';

/** A validated run log whose jobs are handed out one at a time. */
export interface TRunLogSource {
  relPath: string;
  /** The run-level fields (validated); `jobs` is empty. */
  log: TRunLog;
  jobCount: number;
  /** Job `index` as the log wrote it (validated when the source was opened); parsed anew on each call. */
  jobAt(index: number): TRunLogJob;
}

interface TRawLog {
  top: Record<string, unknown>;
  jobCount: number;
  jobAt(index: number): unknown;
  /** The whole document, for the error message when something is invalid. */
  whole(): unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A parsed document (or an inline one); anything but an object with a jobs array gets the schema's own 400. */
function rawLogOf(value: unknown): TRawLog {
  if (!isRecord(value) || !Array.isArray(value.jobs)) {
    validateRunLog(value);
    throw new Error('unreachable: a run log without a jobs array passed validation');
  }
  const jobs: unknown[] = value.jobs;
  return { top: { ...value, jobs: [] }, jobCount: jobs.length, jobAt: (index) => jobs[index], whole: () => value };
}

/**
 * A file's jobs stay UTF-8 bytes (outside the JS heap) until asked for: the parsed log of a large run would
 * otherwise be held whole, with the schema's copy of it, for the entire ingest. Documents of another shape are
 * parsed whole.
 */
function rawLogOfFile(json: Buffer): TRawLog {
  const ranges = objectArrayRangesOf(json, 'jobs');
  const top = ranges
    ? tryParse(`${json.toString('utf8', 0, ranges.start)}[]${json.toString('utf8', ranges.end)}`)
    : undefined;
  if (!ranges || !isRecord(top)) return rawLogOf(parseRunLogJson(json.toString('utf8')));
  const { elements } = ranges;
  return {
    top,
    jobCount: elements.length / 2,
    jobAt: (index) => JSON.parse(json.toString('utf8', elements[2 * index], elements[2 * index + 1])) as unknown,
    whole: () => parseRunLogJson(json.toString('utf8')),
  };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Validates the run-level fields and then each job on its own, which together is exactly the schema's check of
 * the whole log; `visit` sees each valid job. On any problem the whole document is validated instead, so the
 * 400 names every bad field in the schema's own words and order.
 */
function validated(raw: TRawLog, visit: (job: TRunLogJob) => void): TRunLog {
  const top = ZRunLogSchema.safeParse(raw.top);
  if (top.success && everyJobValid(raw, visit)) return top.data;
  validateRunLog(raw.whole());
  throw new Error('unreachable: a run log valid as a whole failed in parts');
}

function everyJobValid(raw: TRawLog, visit: (job: TRunLogJob) => void): boolean {
  for (let index = 0; index < raw.jobCount; index += 1) {
    const job = ZRunLogJobSchema.safeParse(tryJob(raw, index));
    if (!job.success) return false;
    visit(job.data);
  }
  return true;
}

function tryJob(raw: TRawLog, index: number): unknown {
  try {
    return raw.jobAt(index);
  } catch {
    return undefined; // not JSON: the whole document's parse reports it
  }
}

/** Reads (unless `given`) and validates a run log; `visit` sees every job once, in order, while it is validated. */
export async function openRunLogSource(
  appRoot: string,
  runLogPath: string,
  given: unknown,
  visit: (job: TRunLogJob) => void,
): Promise<TRunLogSource> {
  const absolutePath = resolve(appRoot, runLogPath);
  const raw = given === undefined ? rawLogOfFile(await readRunLogBytes(absolutePath)) : rawLogOf(given);
  const log = validated(raw, visit);
  return {
    relPath: relativeRunLogPath(appRoot, absolutePath),
    log,
    jobCount: raw.jobCount,
    jobAt: (index) => raw.jobAt(index) as TRunLogJob,
  };
}

import type { TIngestResult } from '@kroma/contract';
import type { TCliEnvironment } from './context.js';
import type { TIngestServer } from './ingest-client.js';
import { ingestLogFile } from './ingest-target.js';

/** What `run --ingest` got: the result, or the error text (the run's own outcome is reported either way). */
export type TRunIngestOutcome = { result: TIngestResult; error?: undefined } | { result?: undefined; error: string };

/** Ingests the run's log without throwing, so a failed ingest never hides how the run itself ended. */
export async function ingestAfterRun(cli: TCliEnvironment, runLogPath: string, server: TIngestServer | undefined): Promise<TRunIngestOutcome> {
  try {
    return { result: await ingestLogFile(cli, runLogPath, server) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

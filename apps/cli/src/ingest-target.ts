import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TIngestResult } from '@kroma/contract';
import { ingestRunLog, openStore } from '@kroma/db';
import { backendDbPath, shownPath, type TCliEnvironment } from './context.js';
import { postIngest, type TIngestServer } from './ingest-client.js';
import { UsageError } from './output.js';

/** `--server` / `--token` of `ingest` and `run --ingest`. */
export interface TIngestTargetFlags {
  server?: string;
  token?: string;
}

const nonBlank = (value: string | undefined): string | undefined => value?.trim() || undefined;

/** The server to post to (`--server`, else `KROMA_SERVER_URL`), or undefined to write the database directly. */
export function ingestServerOf(cli: TCliEnvironment, flags: TIngestTargetFlags): TIngestServer | undefined {
  const url = nonBlank(flags.server) ?? nonBlank(cli.env.KROMA_SERVER_URL);
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--server must be an http(s) URL, got '${url}'`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--server must be an http(s) URL, got '${url}'`);
  const token = nonBlank(flags.token) ?? nonBlank(cli.env.KROMA_API_TOKEN);
  return token === undefined ? { url } : { url, token };
}

async function readLogObject(path: string, shown: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new Error(`run log not found: ${shown}`);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`run log ${shown} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`run log ${shown} is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * Ingests a run log file (relative → app root): posted to `server` when one is given, else written into the
 * database the server uses (`KROMA_BACKEND_DB`, default `var/backend/app.db`), creating the project if missing.
 */
export async function ingestLogFile(
  cli: TCliEnvironment,
  file: string,
  server: TIngestServer | undefined,
  computeHashes = true,
): Promise<TIngestResult> {
  const path = resolve(cli.appRoot, file);
  const shown = shownPath(path, cli.appRoot);
  if (server !== undefined) return postIngest(server, { runLogPath: shown, log: await readLogObject(path, shown), computeHashes });
  const store = await openStore({ path: backendDbPath(cli), appRoot: cli.appRoot });
  try {
    return await ingestRunLog(store, { runLogPath: shown, createProjectIfMissing: true, computeHashes });
  } finally {
    await store.close();
  }
}

/** The one line `ingest` and `run --ingest` print. */
export const formatIngestLine = (result: TIngestResult): string =>
  `Ingested ${result.run_log_path} into run ${result.run_id} (${result.status}): ${result.jobs} jobs, ` +
  `${result.candidates} candidates, ${result.assets_upserted} assets, ${result.quality_reports_written} quality reports, ` +
  `${result.cost_events_written} cost events`;

import { join, resolve } from 'node:path';
import { conflictError, kromaContract, validationError, type TIngestRunBody } from '@kroma/contract';
import { ingestRunLog, loadTriggerTarget, nonBlank } from '@kroma/db';
import { fileStamp, isInsideConfigRoots } from '@kroma/pipeline';
import type { AppRouteImplementation } from '@ts-rest/express';
import { ok } from '../http/respond.js';
import type { TServerDeps } from './deps.js';

const SAFE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** An inline log's name: `runs/ingested/<run_id or timestamp>.json` under the project root. */
function inlineLogPath(projectRoot: string, log: Record<string, unknown>): string {
  const runId = typeof log.run_id === 'string' && SAFE_NAME.test(log.run_id) ? log.run_id : fileStamp(new Date());
  return join(projectRoot, 'runs', 'ingested', `${runId}.json`);
}

async function ingestFromRequest({ store, runs }: TServerDeps, slug: string, body: TIngestRunBody) {
  const givenPath = nonBlank(body.run_log_path);
  const log = body.run_log ?? undefined;
  if (givenPath === undefined && log === undefined) throw validationError('Provide one of: run_log_path, run_log');
  const { projectRoot, projectSlug } = await loadTriggerTarget(store, slug);
  const roots = { appRoot: store.appRoot, projectRoot };
  const runLogPath = givenPath === undefined ? inlineLogPath(projectRoot, log ?? {}) : resolve(store.appRoot, givenPath);
  // A file the server reads must lie in its roots; an inline log's path is only its name.
  if (log === undefined && !(await isInsideConfigRoots(runLogPath, roots))) {
    throw validationError("Field 'run_log_path' must stay inside the app root or the project root");
  }
  if (runs.launcher.isActiveLog(runLogPath)) throw conflictError('Run is active; it is ingested when it ends');
  return ingestRunLog(store, {
    runLogPath,
    ...(log !== undefined && { log }),
    projectSlug,
    createProjectIfMissing: false,
    computeHashes: body.compute_hashes !== false,
  });
}

/**
 * `POST …/runs/ingest`: a run log by path (relative → app root, inside the app or project root) or inline; the path
 * (for an inline log any name, by default `runs/ingested/<run_id>.json` under the project root) keeps re-ingest
 * idempotent. A bad log is a 400 naming its fields, and nothing is written.
 */
export const ingestRunHandler =
  (deps: TServerDeps): AppRouteImplementation<typeof kromaContract.runs.ingestRun> =>
  async ({ params, body }) =>
    ok({ ingest: await ingestFromRequest(deps, params.slug, body) });

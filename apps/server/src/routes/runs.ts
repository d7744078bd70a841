import { kromaContract } from '@kroma/contract';
import { costSummary, getRunDetail, listRunJobs, listRuns } from '@kroma/db';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';
import { runControlRoutes } from './run-control.js';
import { runEventsHandler } from './run-events.js';
import { ingestRunHandler } from './run-ingest.js';
import { validateConfigHandler } from './validate-config.js';

/** Reads here; actions (trigger, cancel, resume, …) in run-control.ts, the event stream in run-events.ts. */
export const runsRoutes = (deps: TServerDeps) => {
  const { store } = deps;
  return s.router(kromaContract.runs, {
    listRuns: async ({ params, query }) => {
      const runs = await listRuns(store, params.slug, query.limit);
      return ok({ count: runs.length, runs });
    },
    getRun: async ({ params }) => ok(await getRunDetail(store, params.slug, params.runId)),
    listRunJobs: async ({ params }) => {
      const jobs = await listRunJobs(store, params.slug, params.runId);
      return ok({ run_id: params.runId, count: jobs.length, jobs });
    },
    runCostSummary: async ({ params }) =>
      ok({ run_id: params.runId, cost_summary: await costSummary(store, params.slug, params.runId) }),
    validateConfig: validateConfigHandler(deps),
    ingestRun: ingestRunHandler(deps),
    runEvents: runEventsHandler(deps),
    ...runControlRoutes(deps),
  });
};

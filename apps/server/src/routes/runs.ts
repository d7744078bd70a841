import { kromaContract } from '@kroma/contract';
import { getRunDetail, listRunJobs, listRuns } from '@kroma/db';
import { ok } from '../http/respond.js';
import { triggerPipelineRun } from '../pipeline-runner.js';
import { s, type TServerDeps } from './deps.js';
import { validateConfigHandler } from './validate-config.js';

export const runsRoutes = (deps: TServerDeps) => {
  const { store, pipeline } = deps;
  return s.router(kromaContract.runs, {
    listRuns: async ({ params, query }) => {
      const runs = await listRuns(store, params.slug, query.limit);
      return ok({ count: runs.length, runs });
    },
    triggerRun: async ({ params, body }) =>
      ok({ pipeline_trigger: await triggerPipelineRun(store, pipeline, params.slug, body) }),
    validateConfig: validateConfigHandler(deps),
    getRun: async ({ params }) => ok(await getRunDetail(store, params.slug, params.runId)),
    listRunJobs: async ({ params }) => {
      const jobs = await listRunJobs(store, params.slug, params.runId);
      return ok({ run_id: params.runId, count: jobs.length, jobs });
    },
  });
};

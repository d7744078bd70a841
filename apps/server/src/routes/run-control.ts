import { kromaContract } from '@kroma/contract';
import type { AppRouteImplementation } from '@ts-rest/express';
import { ok } from '../http/respond.js';
import { cancelRun, regenerateJob, remixRun, replayRun, resumeRun } from '../runs/run-actions.js';
import type { TServerDeps } from './deps.js';

type TRunsContract = typeof kromaContract.runs;
type TControlRoutes = {
  [K in 'triggerRun' | 'cancelRun' | 'resumeRun' | 'replayRun' | 'remixRun' | 'regenerateJob']: AppRouteImplementation<TRunsContract[K]>;
};

/** The run actions: each answers `{ok, pipeline_trigger, run_id, run}` (cancel: `{ok, run}`). */
export const runControlRoutes = ({ runs }: TServerDeps): TControlRoutes => ({
  triggerRun: async ({ params, body }) => ({ status: 200, body: await runs.trigger(params.slug, body) }),
  cancelRun: async ({ params }) => ok({ run: await cancelRun(runs, params.slug, params.runId) }),
  resumeRun: async ({ params, body }) => ({ status: 200, body: await resumeRun(runs, params.slug, params.runId, body) }),
  replayRun: async ({ params, body }) => ({ status: 200, body: await replayRun(runs, params.slug, params.runId, body) }),
  remixRun: async ({ params, body }) => ({ status: 200, body: await remixRun(runs, params.slug, params.runId, body) }),
  regenerateJob: async ({ params, body }) => ({
    status: 200,
    body: await regenerateJob(runs, params.slug, params.runId, params.jobId, body),
  }),
});

import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZLimitQuerySchema } from '../common.js';
import {
  ZConfigValidationSummarySchema,
  ZIngestResultSchema,
  ZIngestRunBodySchema,
  ZRunActionBodySchema,
  ZRunJobSchema,
  ZRunStartedSchema,
  ZRunSummarySchema,
  ZTriggerRunBodySchema,
  ZValidateConfigBodySchema,
} from './run-schemas.js';
import { ZCostSummarySchema } from './analytics.js';

export * from './run-schemas.js';

const ZRunJobsListSchema = z.array(ZRunJobSchema);
const RUN_PATH = `${PROJECT_PATH}/runs/:runId`;

export const runsContract = c.router({
  listRuns: {
    method: 'GET',
    path: `${PROJECT_PATH}/runs`,
    query: ZLimitQuerySchema,
    responses: { 200: z.object({ ok: z.literal(true), count: z.number().int(), runs: z.array(ZRunSummarySchema) }) },
    summary: 'Runs, newest first (limit default 200, clamped 1..1000)',
  },
  triggerRun: {
    method: 'POST',
    path: `${PROJECT_PATH}/runs/trigger`,
    body: ZTriggerRunBodySchema,
    responses: { 200: ZRunStartedSchema },
    summary: 'Start a dry or paid pipeline run; answers at once with run_id unless wait:true (dry runs finish before the answer)',
  },
  validateConfig: {
    method: 'POST',
    path: `${PROJECT_PATH}/runs/validate-config`,
    body: ZValidateConfigBodySchema,
    responses: { 200: z.object({ ok: z.literal(true), summary: ZConfigValidationSummarySchema }) },
    summary: 'Validate layered settings, manifest and post-process config',
  },
  ingestRun: {
    method: 'POST',
    path: `${PROJECT_PATH}/runs/ingest`,
    body: ZIngestRunBodySchema,
    responses: { 200: z.object({ ok: z.literal(true), ingest: ZIngestResultSchema }) },
    summary: 'Ingest a run log (by path or inline) into runs, jobs, candidates, assets, links, QA reports and costs; idempotent',
  },
  getRun: {
    method: 'GET',
    path: RUN_PATH,
    responses: { 200: z.object({ ok: z.literal(true), run: ZRunSummarySchema, jobs: ZRunJobsListSchema }) },
    summary: 'One run with its live progress, jobs and candidates',
  },
  listRunJobs: {
    method: 'GET',
    path: `${RUN_PATH}/jobs`,
    responses: {
      200: z.object({ ok: z.literal(true), run_id: z.string(), count: z.number().int(), jobs: ZRunJobsListSchema }),
    },
    summary: "A run's jobs with their candidates",
  },
  runEvents: {
    method: 'GET',
    path: `${RUN_PATH}/events`,
    responses: {
      200: c.otherResponse({
        contentType: 'text/event-stream',
        body: z.string().describe('Server-Sent Events: `progress` events carrying the run summary, then one `end` event'),
      }),
    },
    summary: 'Stream the run progress as Server-Sent Events until the run ends',
  },
  cancelRun: {
    method: 'POST',
    path: `${RUN_PATH}/cancel`,
    body: c.noBody(),
    responses: { 200: z.object({ ok: z.literal(true), run: ZRunSummarySchema }) },
    summary: 'Stop a queued or running run cleanly (409 when it is not active)',
  },
  resumeRun: {
    method: 'POST',
    path: `${RUN_PATH}/resume`,
    body: ZRunActionBodySchema,
    responses: { 200: ZRunStartedSchema },
    summary: 'Finish an interrupted, canceled or partly failed run from its run log (same run id)',
  },
  replayRun: {
    method: 'POST',
    path: `${RUN_PATH}/replay`,
    body: ZRunActionBodySchema,
    responses: { 200: ZRunStartedSchema },
    summary: 'Start a new run with the same parameters',
  },
  remixRun: {
    method: 'POST',
    path: `${RUN_PATH}/remix`,
    body: ZTriggerRunBodySchema,
    responses: { 200: ZRunStartedSchema },
    summary: 'Start a new run with the same parameters and these overrides (same rules as trigger)',
  },
  regenerateJob: {
    method: 'POST',
    path: `${RUN_PATH}/jobs/:jobId/regenerate`,
    body: ZRunActionBodySchema,
    responses: { 200: ZRunStartedSchema },
    summary: 'Generate one panel again inside its run (job id or job key)',
  },
  runCostSummary: {
    method: 'GET',
    path: `${RUN_PATH}/cost-summary`,
    responses: { 200: z.object({ ok: z.literal(true), run_id: z.string(), cost_summary: ZCostSummarySchema }) },
    summary: "A run's cost, by event type, provider and model",
  },
});

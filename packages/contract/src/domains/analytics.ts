import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZJsonObjectSchema, ZLimitQuerySchema, ZTimestampSchema } from '../common.js';

export const ZQualityReportSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  run_id: z.string(),
  asset_id: z.string(),
  report_type: z.string(),
  grade: z.string(),
  hard_failures: z.number().int(),
  soft_warnings: z.number().int(),
  avg_chroma_exceed: z.number(),
  summary_json: ZJsonObjectSchema,
  created_at: ZTimestampSchema,
});
export type TQualityReport = z.infer<typeof ZQualityReportSchema>;

export const ZCostEventSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  run_id: z.string(),
  job_id: z.string(),
  provider_code: z.string(),
  model_name: z.string(),
  event_type: z.string(),
  units: z.number(),
  unit_cost_usd: z.number(),
  total_cost_usd: z.number(),
  currency: z.string(),
  meta_json: ZJsonObjectSchema,
  created_at: ZTimestampSchema,
});
export type TCostEvent = z.infer<typeof ZCostEventSchema>;

/** `?limit=` plus an optional `run_id` filter (blank = all runs). */
export const ZAnalyticsQuerySchema = ZLimitQuerySchema.extend({ run_id: z.string().optional() });

const ZCostBucketSchema = z.object({ key: z.string(), events: z.number().int(), units: z.number(), total_usd: z.number() });
export type TCostBucket = z.infer<typeof ZCostBucketSchema>;

/** Sums of the cost ledger (USD, rounded to 6 decimals); buckets largest first. */
export const ZCostSummarySchema = z.object({
  currency: z.literal('USD'),
  total_usd: z.number(),
  events: z.number().int(),
  runs: z.number().int(),
  first_event_at: ZTimestampSchema,
  last_event_at: ZTimestampSchema,
  by_event_type: z.array(ZCostBucketSchema),
  by_provider: z.array(ZCostBucketSchema),
  by_model: z.array(ZCostBucketSchema),
  by_run: z.array(ZCostBucketSchema).describe('key = run id; empty in a per-run summary'),
});
export type TCostSummary = z.infer<typeof ZCostSummarySchema>;

export const analyticsContract = c.router({
  listQualityReports: {
    method: 'GET',
    path: `${PROJECT_PATH}/quality-reports`,
    query: ZAnalyticsQuerySchema,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), quality_reports: z.array(ZQualityReportSchema) }),
    },
    summary: 'QA reports, newest first (optionally of one run)',
  },
  listCostEvents: {
    method: 'GET',
    path: `${PROJECT_PATH}/cost-events`,
    query: ZAnalyticsQuerySchema,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), cost_events: z.array(ZCostEventSchema) }),
    },
    summary: 'Cost ledger, newest first',
  },
  costSummary: {
    method: 'GET',
    path: `${PROJECT_PATH}/cost-summary`,
    responses: { 200: z.object({ ok: z.literal(true), cost_summary: ZCostSummarySchema }) },
    summary: "The project's spend: total, by event type, provider, model and run",
  },
});

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

export const analyticsContract = c.router({
  listQualityReports: {
    method: 'GET',
    path: `${PROJECT_PATH}/quality-reports`,
    query: ZLimitQuerySchema,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), quality_reports: z.array(ZQualityReportSchema) }),
    },
    summary: 'QA reports, newest first',
  },
  listCostEvents: {
    method: 'GET',
    path: `${PROJECT_PATH}/cost-events`,
    query: ZLimitQuerySchema,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), cost_events: z.array(ZCostEventSchema) }),
    },
    summary: 'Cost ledger, newest first',
  },
});

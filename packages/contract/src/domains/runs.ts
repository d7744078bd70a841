import { z } from 'zod';
import { c } from '../builder.js';
import {
  PROJECT_PATH,
  ZJsonObjectSchema,
  ZLimitQuerySchema,
  ZOptionalBooleanSchema,
  ZOptionalIntegerSchema,
  ZOptionalStringListSchema,
  ZOptionalTextSchema,
  ZTimestampSchema,
} from '../common.js';

export const ZRunSummarySchema = z.object({
  id: z.string(),
  project_id: z.string(),
  run_mode: z.string(),
  status: z.string(),
  stage: z.string(),
  time_of_day: z.string(),
  weather: z.string(),
  model_name: z.string(),
  provider_code: z.string(),
  settings_snapshot_json: ZJsonObjectSchema,
  started_at: ZTimestampSchema,
  finished_at: ZTimestampSchema,
  created_at: ZTimestampSchema,
  run_log_path: z.string(),
  image_size: z.string(),
  image_quality: z.string(),
});
export type TRunSummary = z.infer<typeof ZRunSummarySchema>;

export const ZRunCandidateSchema = z.object({
  id: z.string(),
  job_id: z.string(),
  candidate_index: z.number().int(),
  status: z.string(),
  output_asset_id: z.string(),
  final_asset_id: z.string(),
  output_path: z.string(),
  final_output_path: z.string(),
  rank_hard_failures: z.number().int(),
  rank_soft_warnings: z.number().int(),
  rank_avg_chroma_exceed: z.number(),
  meta_json: ZJsonObjectSchema,
  created_at: ZTimestampSchema,
});
export type TRunCandidate = z.infer<typeof ZRunCandidateSchema>;

export const ZRunJobSchema = z.object({
  id: z.string(),
  run_id: z.string(),
  job_key: z.string(),
  status: z.string(),
  prompt_text: z.string(),
  selected_candidate_index: z.number().int().nullable(),
  final_asset_id: z.string(),
  final_output: z.string(),
  meta_json: ZJsonObjectSchema,
  created_at: ZTimestampSchema,
  candidates: z.array(ZRunCandidateSchema),
});
export type TRunJob = z.infer<typeof ZRunJobSchema>;

export const ZTriggerRunBodySchema = z.object({
  mode: ZOptionalTextSchema.describe('dry | run (default dry)'),
  confirm_spend: ZOptionalBooleanSchema,
  project_root: ZOptionalTextSchema,
  input: ZOptionalTextSchema,
  scene_refs: ZOptionalStringListSchema,
  style_refs: ZOptionalStringListSchema,
  stage: ZOptionalTextSchema.describe('style | time | weather'),
  time: ZOptionalTextSchema.describe('day | night'),
  weather: ZOptionalTextSchema.describe('clear | rain'),
  candidates: ZOptionalIntegerSchema.describe('1..6'),
  storage_sync_s3: ZOptionalBooleanSchema,
});
export type TTriggerRunBody = z.infer<typeof ZTriggerRunBodySchema>;

export const ZPipelineTriggerSchema = z.object({
  mode: z.enum(['dry', 'run']),
  status_code: z.number().int(),
  stdout: z.string(),
  stderr: z.string(),
  adapter: z.string(),
});
export type TPipelineTrigger = z.infer<typeof ZPipelineTriggerSchema>;

export const ZValidateConfigBodySchema = z.object({
  project_root: ZOptionalTextSchema,
  app_settings_path: ZOptionalTextSchema,
  project_settings_path: ZOptionalTextSchema,
  manifest_path: ZOptionalTextSchema,
  postprocess_config_path: ZOptionalTextSchema,
});
export type TValidateConfigBody = z.infer<typeof ZValidateConfigBodySchema>;

export const ZConfigValidationSummarySchema = z.object({
  app_settings_loaded: z.boolean(),
  project_settings_loaded: z.boolean(),
  resolved_manifest_path: z.string().nullable(),
  resolved_postprocess_config_path: z.string().nullable(),
});
export type TConfigValidationSummary = z.infer<typeof ZConfigValidationSummarySchema>;

const ZRunJobsListSchema = z.array(ZRunJobSchema);

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
    responses: { 200: z.object({ ok: z.literal(true), pipeline_trigger: ZPipelineTriggerSchema }) },
    summary: 'Start a dry or paid pipeline run',
  },
  validateConfig: {
    method: 'POST',
    path: `${PROJECT_PATH}/runs/validate-config`,
    body: ZValidateConfigBodySchema,
    responses: { 200: z.object({ ok: z.literal(true), summary: ZConfigValidationSummarySchema }) },
    summary: 'Validate layered settings, manifest and post-process config',
  },
  getRun: {
    method: 'GET',
    path: `${PROJECT_PATH}/runs/:runId`,
    responses: { 200: z.object({ ok: z.literal(true), run: ZRunSummarySchema, jobs: ZRunJobsListSchema }) },
    summary: 'One run with its jobs and candidates',
  },
  listRunJobs: {
    method: 'GET',
    path: `${PROJECT_PATH}/runs/:runId/jobs`,
    responses: {
      200: z.object({ ok: z.literal(true), run_id: z.string(), count: z.number().int(), jobs: ZRunJobsListSchema }),
    },
    summary: "A run's jobs with their candidates",
  },
});

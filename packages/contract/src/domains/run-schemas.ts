import { z } from 'zod';
import {
  ZJsonObjectSchema,
  ZOptionalBooleanSchema,
  ZOptionalIntegerSchema,
  ZOptionalStringListSchema,
  ZOptionalTextSchema,
  ZTimestampSchema,
} from '../common.js';

/**
 * Where a run's life stands. `queued`/`running` while the server works on it; then the ingest status
 * (`ok`, `partial`, `failed`, `unknown`), or `canceled`, or `interrupted` (the server stopped mid-run: resumable).
 */
export const RUN_STATES = ['queued', 'running', 'ok', 'partial', 'failed', 'unknown', 'canceled', 'interrupted'] as const;
export type TRunState = (typeof RUN_STATES)[number];
export const ACTIVE_RUN_STATES: readonly TRunState[] = ['queued', 'running'];

/** Live progress of a run: stage/pass, jobs and candidates done of total, cost so far. Zeros before planning. */
export const ZRunProgressSchema = z.object({
  status: z.string().describe(`one of ${RUN_STATES.join(', ')}`),
  stage: z.string().describe('queued | planning | generate | postprocess | qa | finished | ingest | …'),
  jobs_done: z.number().int(),
  jobs_total: z.number().int(),
  candidates_done: z.number().int(),
  candidates_total: z.number().int(),
  cost_usd: z.number(),
  estimate_usd: z.number(),
  error: z.string().describe('why the run stopped or failed ("" when none)'),
  updated_at: ZTimestampSchema,
});
export type TRunProgress = z.infer<typeof ZRunProgressSchema>;

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
  progress: ZRunProgressSchema,
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
  wait: ZOptionalBooleanSchema.describe('block until the run has finished (the original behaviour); default false'),
});
export type TTriggerRunBody = z.infer<typeof ZTriggerRunBodySchema>;

export const ZPipelineTriggerSchema = z.object({
  mode: z.enum(['dry', 'run']),
  status_code: z.number().int(),
  stdout: z.string(),
  stderr: z.string(),
  adapter: z.string(),
  run_id: z.string(),
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


/** `{ok, pipeline_trigger, run_id, run}`: the original's object plus the run to follow. */
export const ZRunStartedSchema = z.object({
  ok: z.literal(true),
  pipeline_trigger: ZPipelineTriggerSchema,
  run_id: z.string(),
  run: ZRunSummarySchema,
});
export type TRunStarted = z.infer<typeof ZRunStartedSchema>;

/** Replay, resume and regenerate spend again: paid runs need `confirm_spend: true` each time. */
export const ZRunActionBodySchema = z.object({
  confirm_spend: ZOptionalBooleanSchema,
  wait: ZOptionalBooleanSchema,
});
export type TRunActionBody = z.infer<typeof ZRunActionBodySchema>;

export const ZIngestRunBodySchema = z.object({
  run_log_path: ZOptionalTextSchema.describe('the run log file (relative → app root); also the key that keeps re-ingest idempotent'),
  run_log: ZJsonObjectSchema.nullish().describe('the run log itself, for clients on another machine (then run_log_path is only its name)'),
  compute_hashes: ZOptionalBooleanSchema.describe('SHA-256 of each output file that exists (default true)'),
});
export type TIngestRunBody = z.infer<typeof ZIngestRunBodySchema>;

export const ZIngestResultSchema = z.object({
  project_slug: z.string(),
  run_id: z.string(),
  run_log_path: z.string(),
  jobs: z.number().int(),
  candidates: z.number().int(),
  assets_upserted: z.number().int(),
  quality_reports_written: z.number().int(),
  cost_events_written: z.number().int(),
  status: z.string(),
});
export type TIngestResult = z.infer<typeof ZIngestResultSchema>;

import { z } from 'zod';

/*
 * The pipeline run log (pipeline.md §8.1). Kroma's log is a superset of the original's: every original key keeps
 * its shape so the server's ingest still reads logs written by the original (JS and RS), and every key Kroma adds
 * is optional. Objects pass unknown keys through, since original logs carry extra keys we do not model.
 */

export const RUN_LOG_SCHEMA_VERSION = 'kroma.runlog.v1';

/** ISO-8601 UTC with optional milliseconds (`2026-02-25T01:20:56.123Z`). */
export const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** The original Rust runtime's run timestamp (`<unix_secs>.<ms>Z`), still found in its logs. */
const RS_TIMESTAMP_PATTERN = /^\d+\.\d{3}Z$/;

const isoUtc = () => z.string().regex(ISO_UTC_PATTERN, 'must be an ISO-8601 UTC timestamp');
const count = () => z.number().int().min(0);
const usd = () => z.number().finite().min(0);

export const ZRunLogRankSchema = z
  .object({ hard_failures: count(), soft_warnings: count(), avg_chroma_exceed: z.number().finite() })
  .passthrough();

export const ZRunLogBgRemoveSchema = z
  .object({
    input: z.string(),
    output: z.string(),
    backend: z.string(),
    backends_tried: z.array(z.string()).optional(),
    refine_openai: z.boolean(),
    refine_error: z.string().nullable().optional(),
  })
  .passthrough();

export const ZRunLogUpscaleSchema = z
  .object({
    backend: z.string(),
    input: z.string(),
    output: z.string(),
    scale: z.number(),
    model: z.string().nullable(),
  })
  .passthrough();

export const ZRunLogColorSchema = z
  .object({ input: z.string(), output: z.string(), profile: z.string(), settings: z.string().nullable() })
  .passthrough();

/** JS logs keep the whole per-file guard entry, RS logs only `{file, chroma_delta}`. */
export const ZRunLogGuardFileSchema = z
  .object({
    file: z.string(),
    chroma_delta: z.number().nullable(),
    grayscale_like: z.boolean().nullable().optional(),
    hard_fail_reasons: z.array(z.string()).optional(),
    soft_warnings: z.array(z.string()).optional(),
    error: z.string().optional(),
  })
  .passthrough();

export const ZRunLogOutputGuardSchema = z
  .object({
    checked_input: z.string(),
    summary: z.object({ total_files: count(), hard_failures: count(), soft_warnings: count() }).passthrough(),
    files: z.array(ZRunLogGuardFileSchema),
    bad_archive: z.string().nullable().optional(),
  })
  .passthrough();

/** The parameters a generation call was made with: the image API has no seed, so this is what reproduces it. */
export const ZRunLogRequestSchema = z
  .object({
    model: z.string(),
    size: z.string(),
    quality: z.string(),
    input_fidelity: z.string(),
    output_format: z.string(),
    input_images: z.array(z.string()),
    prompt_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .passthrough();

export const RUN_LOG_CANDIDATE_STATUSES = ['generated', 'done', 'failed_output_guard', 'failed'] as const;

export const ZRunLogCandidateSchema = z
  .object({
    candidate_index: z.number().int().min(1),
    output: z.string(),
    status: z.enum(RUN_LOG_CANDIDATE_STATUSES),
    rank: ZRunLogRankSchema,
    bg_remove: ZRunLogBgRemoveSchema.optional(),
    upscale: ZRunLogUpscaleSchema.optional(),
    color: ZRunLogColorSchema.optional(),
    output_guard: ZRunLogOutputGuardSchema.optional(),
    final_output: z.string().optional(),
    // Kroma additions.
    request: ZRunLogRequestSchema.optional(),
    output_sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    attempts: z.number().int().min(0).optional(),
    duration_ms: z.number().finite().min(0).optional(),
    error: z.string().nullable().optional(),
  })
  .passthrough();

export const ZRunLogGenerationSchema = z
  .object({ candidates: z.number().int().min(1), max_candidates: z.number().int().min(1) })
  .passthrough();

export const ZRunLogPostprocessSchema = z
  .object({
    upscale: z.boolean(),
    upscale_backend: z.string().nullable(),
    color: z.boolean(),
    color_profile: z.string().nullable(),
    bg_remove: z.boolean(),
    bg_remove_backends: z.array(z.string()),
    bg_refine_openai: z.boolean(),
    bg_refine_openai_required: z.boolean(),
    pipeline_order: z.array(z.string()),
  })
  .passthrough();

export const ZRunLogOutputGuardSettingsSchema = z
  .object({
    enabled: z.boolean(),
    enforce_grayscale: z.boolean(),
    max_chroma_delta: z.number().finite().min(0),
    fail_on_chroma_exceed: z.boolean(),
  })
  .passthrough();

export const RUN_LOG_JOB_STATUSES = ['planned', 'running', 'done', 'failed_output_guard', 'failed', 'canceled'] as const;

export const ZRunLogJobSchema = z
  .object({
    id: z.string().min(1),
    mode: z.string(),
    time: z.string(),
    weather: z.string(),
    input_images: z.array(z.string()),
    prompt: z.string(),
    status: z.enum(RUN_LOG_JOB_STATUSES),
    planned_generation: z.object({ candidates: z.number().int().min(1) }).passthrough().optional(),
    planned_postprocess: ZRunLogPostprocessSchema.optional(),
    planned_output_guard: ZRunLogOutputGuardSettingsSchema.optional(),
    // Executed jobs only.
    selected_candidate: z.number().int().min(1).nullable().optional(),
    final_output: z.string().nullable().optional(),
    output: z.string().optional(),
    failure_reason: z.string().optional(),
    bg_remove: ZRunLogBgRemoveSchema.optional(),
    upscale: ZRunLogUpscaleSchema.optional(),
    color: ZRunLogColorSchema.optional(),
    output_guard: ZRunLogOutputGuardSchema.optional(),
    candidates: z.array(ZRunLogCandidateSchema).optional(),
    // Kroma additions.
    characters: z.array(z.string()).optional(),
    prompt_sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .passthrough();

/** One priced call, in the shape the server's ingest writes to `cost_events` (§8.3). */
export const ZRunLogCostEventSchema = z
  .object({
    job_id: z.string().nullable(),
    candidate_index: z.number().int().min(1).nullable(),
    provider_code: z.string().min(1),
    model_name: z.string().nullable(),
    event_type: z.string().min(1),
    units: z.number().finite().min(0),
    unit_cost_usd: usd(),
    total_cost_usd: usd(),
    currency: z.string().min(1),
    meta: z.record(z.string(), z.unknown()),
  })
  .passthrough();

export const ZRunLogCostSchema = z
  .object({ estimate_usd: usd(), actual_usd: usd(), cap_usd: usd().nullable() })
  .passthrough();

export const RUN_PROGRESS_STATUSES = ['planned', 'running', 'done', 'failed', 'canceled'] as const;

export const ZRunLogProgressSchema = z
  .object({
    status: z.enum(RUN_PROGRESS_STATUSES),
    stage: z.string(),
    jobs_total: count(),
    jobs_done: count(),
    candidates_total: count(),
    candidates_done: count(),
    /** Spend so far (the sum of the log's cost events); absent in logs written before it was reported. */
    cost_usd: z.number().nonnegative().optional(),
    updated_at: isoUtc(),
  })
  .passthrough();

export const ZRunLogSchema = z
  .object({
    timestamp: z
      .string()
      .refine((value) => ISO_UTC_PATTERN.test(value) || RS_TIMESTAMP_PATTERN.test(value), 'must be a UTC timestamp'),
    project: z.string().min(1),
    mode: z.enum(['dry', 'run']),
    stage: z.string(),
    time: z.string(),
    weather: z.string(),
    model: z.string(),
    size: z.string(),
    quality: z.string(),
    generation: ZRunLogGenerationSchema,
    postprocess: ZRunLogPostprocessSchema,
    output_guard: ZRunLogOutputGuardSettingsSchema,
    storage: z.object({ project_root: z.string(), resolved_from_backend: z.boolean() }).passthrough(),
    jobs: z.array(ZRunLogJobSchema),
    // Kroma additions.
    run_id: z.string().min(1).optional(),
    schema_version: z.literal(RUN_LOG_SCHEMA_VERSION).optional(),
    cost: ZRunLogCostSchema.optional(),
    cost_events: z.array(ZRunLogCostEventSchema).optional(),
    progress: ZRunLogProgressSchema.optional(),
  })
  .passthrough()
  .superRefine((log, ctx) => {
    // Only the original Rust runtime wrote its non-ISO stamp; a Kroma log is always ISO-8601.
    if (log.schema_version !== undefined && !ISO_UTC_PATTERN.test(log.timestamp)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['timestamp'], message: 'must be an ISO-8601 UTC timestamp' });
    }
  });

export type TRunLog = z.infer<typeof ZRunLogSchema>;
export type TRunLogJob = z.infer<typeof ZRunLogJobSchema>;
export type TRunLogCandidate = z.infer<typeof ZRunLogCandidateSchema>;
export type TRunLogCostEvent = z.infer<typeof ZRunLogCostEventSchema>;
export type TRunLogCost = z.infer<typeof ZRunLogCostSchema>;
export type TRunLogProgress = z.infer<typeof ZRunLogProgressSchema>;
export type TRunLogRequest = z.infer<typeof ZRunLogRequestSchema>;
export type TRunLogRank = z.infer<typeof ZRunLogRankSchema>;
export type TRunLogBgRemove = z.infer<typeof ZRunLogBgRemoveSchema>;
export type TRunLogUpscale = z.infer<typeof ZRunLogUpscaleSchema>;
export type TRunLogColor = z.infer<typeof ZRunLogColorSchema>;
export type TRunLogOutputGuard = z.infer<typeof ZRunLogOutputGuardSchema>;
export type TRunLogPostprocess = z.infer<typeof ZRunLogPostprocessSchema>;
export type TRunLogOutputGuardSettings = z.infer<typeof ZRunLogOutputGuardSettingsSchema>;
export type TRunLogGeneration = z.infer<typeof ZRunLogGenerationSchema>;

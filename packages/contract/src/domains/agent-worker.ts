import { z } from 'zod';
import { c } from '../builder.js';
import { ZJsonValueSchema, ZOptionalIntegerSchema, ZOptionalStringListSchema, ZOptionalTextSchema, ZTimestampSchema } from '../common.js';
import { ZAgentInstructionSchema } from './agent-instructions.js';

/** The whole queue (every project): paused or not, and how many instructions are in each status. */
export const ZInstructionQueueSchema = z.object({
  paused: z.boolean(),
  paused_at: ZTimestampSchema,
  counts: z.record(z.string(), z.number().int()).describe('status → instructions'),
});
export type TInstructionQueue = z.infer<typeof ZInstructionQueueSchema>;

export const ZClaimBodySchema = z.object({
  worker_id: z.string().min(1),
  /** A `running` row locked longer than this by another (dead) worker is reclaimed. Default 120. */
  max_locked_seconds: z.number().positive().nullish(),
  default_max_attempts: ZOptionalIntegerSchema,
  /** Only these instruction types (default: all). */
  types: ZOptionalStringListSchema,
});
export type TClaimBody = z.infer<typeof ZClaimBodySchema>;

/** How a worker ends one attempt. The server applies it only while this worker still holds the lock. */
export const WORKER_OUTCOMES = ['done', 'failed', 'retry', 'remote_running', 'release'] as const;
export type TWorkerOutcome = (typeof WORKER_OUTCOMES)[number];

export const ZCompleteBodySchema = z.object({
  worker_id: z.string().min(1),
  outcome: z.enum(WORKER_OUTCOMES),
  error: ZOptionalTextSchema,
  response: ZJsonValueSchema.optional(),
  http_status: ZOptionalIntegerSchema,
  /** `retry`: base of the linear backoff (next try at now + base × attempts). Default 10. */
  retry_backoff_seconds: z.number().positive().nullish(),
  /** `remote_running`: when to ask the agent again. Default the retry backoff. */
  poll_after_seconds: z.number().positive().nullish(),
  /** The worker's `--default-max-attempts`: a retry fails once attempts reach max(row, this, 1). Default 3. */
  default_max_attempts: ZOptionalIntegerSchema,
});
export type TCompleteBody = z.infer<typeof ZCompleteBodySchema>;

export const ZWorkerBodySchema = z.object({ worker_id: z.string().min(1) });
export type TWorkerBody = z.infer<typeof ZWorkerBodySchema>;

export const ZDispatchBodySchema = z.object({
  worker_id: z.string().min(1),
  timeout_seconds: z.number().positive().nullish(),
  retries: ZOptionalIntegerSchema,
  backoff_seconds: z.number().positive().nullish(),
});
export type TDispatchBody = z.infer<typeof ZDispatchBodySchema>;

/** One dispatch to the agent API (data.md §3.8): the HTTP status and parsed answer, or the failure text. */
export const ZDispatchResultSchema = z.object({
  ok: z.boolean(),
  http_status: z.number().int().nullable(),
  response: ZJsonValueSchema,
  error: z.string(),
  requests: z.number().int(),
});
export type TDispatchResult = z.infer<typeof ZDispatchResultSchema>;

const WORKER_PATH = '/api/agent/worker/instructions/:instructionId';
const ZQueueResponseSchema = z.object({ ok: z.literal(true), queue: ZInstructionQueueSchema });

/** What workers and queue admins call: claim, heartbeat, complete, dispatch through the server; pause / resume. */
export const agentWorkerContract = c.router({
  getQueue: {
    method: 'GET',
    path: '/api/agent/queue',
    responses: { 200: ZQueueResponseSchema },
    summary: 'The instruction queue: paused or not, counts by status',
  },
  pauseQueue: {
    method: 'POST',
    path: '/api/agent/queue/pause',
    body: c.noBody(),
    responses: { 200: ZQueueResponseSchema },
    summary: 'Pause the whole queue: workers claim nothing until resumed (running instructions finish)',
  },
  resumeQueue: {
    method: 'POST',
    path: '/api/agent/queue/resume',
    body: c.noBody(),
    responses: { 200: ZQueueResponseSchema },
    summary: 'Resume the queue',
  },
  claimInstruction: {
    method: 'POST',
    path: '/api/agent/worker/claim',
    body: ZClaimBodySchema,
    responses: {
      200: z.object({ ok: z.literal(true), instruction: ZAgentInstructionSchema.nullable(), project_slug: z.string() }),
    },
    summary: 'Atomically claim the next runnable instruction (null when none, or when the queue is paused)',
  },
  heartbeatInstruction: {
    method: 'POST',
    path: `${WORKER_PATH}/heartbeat`,
    body: ZWorkerBodySchema,
    responses: { 200: z.object({ ok: z.literal(true), locked: z.boolean(), status: z.string() }) },
    summary: "Renew this worker's lock; locked:false means stop (canceled or reclaimed)",
  },
  completeInstruction: {
    method: 'POST',
    path: `${WORKER_PATH}/complete`,
    body: ZCompleteBodySchema,
    responses: { 200: z.object({ ok: z.literal(true), applied: z.boolean(), instruction: ZAgentInstructionSchema }) },
    summary: 'End an attempt (done, failed, retry, remote_running, release); ignored when the lock was lost',
  },
  dispatchInstruction: {
    method: 'POST',
    path: `${WORKER_PATH}/dispatch`,
    body: ZDispatchBodySchema,
    responses: { 200: z.object({ ok: z.literal(true), dispatch: ZDispatchResultSchema }) },
    summary: "Dispatch to the project's agent API with the project's agent_api secrets (they never leave the server)",
  },
});

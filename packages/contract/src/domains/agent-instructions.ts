import { z } from 'zod';
import { c } from '../builder.js';
import {
  PROJECT_PATH,
  ZJsonObjectSchema,
  ZJsonValueSchema,
  ZOptionalBooleanSchema,
  ZOptionalIntegerSchema,
  ZOptionalTextSchema,
  ZTimestampSchema,
} from '../common.js';

/** The wire keeps the original server's names: pending = draft, confirmed = queued (also "retry scheduled"). */
export const INSTRUCTION_STATUSES = ['pending', 'confirmed', 'running', 'done', 'failed', 'canceled'] as const;
export type TInstructionStatus = (typeof INSTRUCTION_STATUSES)[number];

export const INSTRUCTION_TYPES = ['pipeline_run', 'asset_edit', 'qa_check', 'storage_sync', 'custom'] as const;
export type TInstructionType = (typeof INSTRUCTION_TYPES)[number];

/**
 * data.md §3.3, enforced: every other change is refused. `running → confirmed` is a scheduled retry, a release or
 * a stale lock taken back; `failed → confirmed` is a user's manual retry (confirm).
 */
export const INSTRUCTION_TRANSITIONS: Readonly<Record<TInstructionStatus, readonly TInstructionStatus[]>> = {
  pending: ['confirmed', 'canceled'],
  confirmed: ['running', 'canceled'],
  running: ['done', 'failed', 'canceled', 'confirmed'],
  done: [],
  failed: ['confirmed'],
  canceled: [],
};

export const ZAgentInstructionSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  instruction_text: z.string(),
  instruction_type: z.string(),
  payload_json: ZJsonObjectSchema,
  status: z.string().describe(INSTRUCTION_STATUSES.join(' | ')),
  created_at: ZTimestampSchema,
  updated_at: ZTimestampSchema,
  confirmed_at: ZTimestampSchema,
  canceled_at: ZTimestampSchema,
  priority: z.number().int().describe('lower runs sooner (default 100)'),
  requires_confirmation: z.boolean(),
  attempts: z.number().int(),
  max_attempts: z.number().int(),
  next_attempt_at: ZTimestampSchema,
  last_error: z.string(),
  locked_by: z.string(),
  locked_at: ZTimestampSchema,
  started_at: ZTimestampSchema,
  finished_at: ZTimestampSchema,
  agent_response_json: ZJsonValueSchema.describe("the agent's last answer ({} when none)"),
});
export type TAgentInstruction = z.infer<typeof ZAgentInstructionSchema>;

export const ZInstructionEventSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  instruction_id: z.string(),
  event_type: z.string(),
  message: z.string(),
  created_at: ZTimestampSchema,
});
export type TInstructionEvent = z.infer<typeof ZInstructionEventSchema>;

/**
 * The original server reads `instruction_text`; its OpenAPI file documented `instruction_type` + `payload_json`.
 * Either form creates an instruction.
 */
export const ZCreateInstructionBodySchema = z.object({
  instruction_text: ZOptionalTextSchema,
  instruction_type: ZOptionalTextSchema.describe(INSTRUCTION_TYPES.join(' | ')),
  payload_json: ZJsonObjectSchema.nullish(),
  priority: ZOptionalIntegerSchema.describe('lower runs sooner (default 100)'),
  requires_confirmation: ZOptionalBooleanSchema.describe('default true: a new instruction waits as pending until confirmed'),
  max_attempts: ZOptionalIntegerSchema,
});
export type TCreateInstructionBody = z.infer<typeof ZCreateInstructionBodySchema>;

export const ZInstructionActionBodySchema = z.object({ message: ZOptionalTextSchema });
export type TInstructionActionBody = z.infer<typeof ZInstructionActionBodySchema>;

const ITEM_PATH = `${PROJECT_PATH}/agent/instructions/:instructionId`;
const ZAuditedOneSchema = z.object({ ok: z.literal(true), instruction: ZAgentInstructionSchema, audit_id: z.string() });

export const agentInstructionsContract = c.router({
  listInstructions: {
    method: 'GET',
    path: `${PROJECT_PATH}/agent/instructions`,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), instructions: z.array(ZAgentInstructionSchema) }),
    },
    summary: 'Agent instructions, recently updated first',
  },
  createInstruction: {
    method: 'POST',
    path: `${PROJECT_PATH}/agent/instructions`,
    body: ZCreateInstructionBodySchema,
    responses: { 200: ZAuditedOneSchema },
    summary: 'Create an instruction (status pending, awaiting confirmation)',
  },
  getInstruction: {
    method: 'GET',
    path: ITEM_PATH,
    responses: { 200: z.object({ ok: z.literal(true), instruction: ZAgentInstructionSchema }) },
    summary: 'One instruction',
  },
  listInstructionEvents: {
    method: 'GET',
    path: `${ITEM_PATH}/events`,
    responses: {
      200: z.object({
        ok: z.literal(true),
        instruction_id: z.string(),
        count: z.number().int(),
        events: z.array(ZInstructionEventSchema),
      }),
    },
    summary: 'Instruction events, oldest first',
  },
  confirmInstruction: {
    method: 'POST',
    path: `${ITEM_PATH}/confirm`,
    body: ZInstructionActionBodySchema,
    responses: { 200: ZAuditedOneSchema },
    summary: 'Confirm: the worker may run it',
  },
  cancelInstruction: {
    method: 'POST',
    path: `${ITEM_PATH}/cancel`,
    body: ZInstructionActionBodySchema,
    responses: { 200: ZAuditedOneSchema },
    summary: 'Cancel',
  },
});

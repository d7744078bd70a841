import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZJsonObjectSchema, ZOptionalTextSchema, ZTimestampSchema } from '../common.js';

export const INSTRUCTION_STATUSES = ['pending', 'confirmed', 'running', 'done', 'failed', 'canceled'] as const;
export type TInstructionStatus = (typeof INSTRUCTION_STATUSES)[number];

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
  instruction_type: ZOptionalTextSchema,
  payload_json: ZJsonObjectSchema.nullish(),
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

import type { TAgentInstruction } from '@kroma/contract';

/** The request body the agent API receives (data.md §3.8, the full PY envelope). */
export interface TAgentEnvelope {
  instruction_id: string;
  project_slug: string;
  instruction_type: string;
  objective: string;
  constraints: Record<string, unknown>;
  inputs: Record<string, unknown>;
  execution: Record<string, unknown>;
  confirmation_required: boolean;
  requested_by: string;
  callback: Record<string, unknown>;
  payload: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const objectOr = (value: unknown): Record<string, unknown> => (isObject(value) ? value : {});

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * `objective` is the payload's, else the instruction text (what the original's text-only instructions carry),
 * else `Execute <type>`.
 */
export function buildAgentEnvelope(instruction: TAgentInstruction, projectSlug: string): TAgentEnvelope {
  const payload = instruction.payload_json;
  return {
    instruction_id: instruction.id,
    project_slug: projectSlug,
    instruction_type: instruction.instruction_type,
    objective: text(payload.objective) ?? text(instruction.instruction_text) ?? `Execute ${instruction.instruction_type}`,
    constraints: objectOr(payload.constraints),
    inputs: objectOr(payload.inputs),
    execution: objectOr(payload.execution),
    confirmation_required: instruction.requires_confirmation,
    requested_by: text(payload.requested_by) ?? 'local',
    callback: objectOr(payload.callback),
    payload,
  };
}

import type { TAgentInstruction } from '@kroma/contract';

/** Passed through as given (the original did not check their shape); absent, null or empty-ish → `{}`. */
const passedOr = (value: unknown): unknown => (value === undefined || value === null || value === '' ? {} : value);

const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * The original Python worker's request body (data.md §3.8). The objective falls back to the instruction's text
 * (itself the payload's objective or `Execute <type>`), so an instruction made with `instruction_text` alone still
 * tells the agent what to do.
 */
export function buildAgentEnvelope(instruction: TAgentInstruction, projectSlug: string): Record<string, unknown> {
  const payload = instruction.payload_json;
  return {
    instruction_id: instruction.id,
    project_slug: projectSlug,
    instruction_type: instruction.instruction_type,
    objective: textOf(payload.objective) ?? instruction.instruction_text,
    constraints: passedOr(payload.constraints),
    inputs: passedOr(payload.inputs),
    execution: passedOr(payload.execution),
    confirmation_required: instruction.requires_confirmation,
    requested_by: textOf(payload.requested_by) ?? 'local',
    callback: passedOr(payload.callback),
    payload,
  };
}

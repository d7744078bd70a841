import { kromaContract } from '@kroma/contract';
import {
  cancelAgentInstruction,
  confirmAgentInstruction,
  createAgentInstruction,
  getAgentInstruction,
  listAgentInstructionEvents,
  listAgentInstructions,
} from '@kroma/db';
import { requestAuth } from '../http/auth.js';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const agentInstructionsRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.agentInstructions, {
    listInstructions: async ({ params }) => {
      const instructions = await listAgentInstructions(store, params.slug);
      return ok({ count: instructions.length, instructions });
    },
    createInstruction: async ({ params, body, req }) => {
      const { instruction, auditId } = await createAgentInstruction(store, requestAuth(req).actor, params.slug, body);
      return ok({ instruction, audit_id: auditId });
    },
    getInstruction: async ({ params }) =>
      ok({ instruction: await getAgentInstruction(store, params.slug, params.instructionId) }),
    listInstructionEvents: async ({ params }) => {
      const events = await listAgentInstructionEvents(store, params.slug, params.instructionId);
      return ok({ instruction_id: params.instructionId, count: events.length, events });
    },
    confirmInstruction: async ({ params, body, req }) => {
      const actor = requestAuth(req).actor;
      const { instruction, auditId } = await confirmAgentInstruction(store, actor, params.slug, params.instructionId, body);
      return ok({ instruction, audit_id: auditId });
    },
    cancelInstruction: async ({ params, body, req }) => {
      const actor = requestAuth(req).actor;
      const { instruction, auditId } = await cancelAgentInstruction(store, actor, params.slug, params.instructionId, body);
      return ok({ instruction, audit_id: auditId });
    },
  });

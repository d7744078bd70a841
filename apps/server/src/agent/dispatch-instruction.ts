import type { TDispatchBody, TDispatchResult } from '@kroma/contract';
import { requireWorkerLock, type KromaStore } from '@kroma/db';
import type { Logger } from 'pino';
import { postToAgent } from './agent-dispatch.js';
import { buildAgentEnvelope } from './agent-envelope.js';
import { resolveAgentTarget } from './agent-target.js';

export interface TDispatchDeps {
  store: KromaStore;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/**
 * One dispatch of an instruction the calling worker holds (409 otherwise) to the agent API, with the server's
 * URL and token (or the project's `agent_api` secrets). Changes nothing: the worker reports the outcome through
 * `complete`. The URL and token stay on the server.
 */
export async function dispatchInstruction(deps: TDispatchDeps, instructionId: string, body: TDispatchBody): Promise<TDispatchResult> {
  const { instruction, projectSlug } = await requireWorkerLock(deps.store, instructionId, body.worker_id);
  const target = await resolveAgentTarget(deps.store, deps.env, instruction.project_id);
  const result = await postToAgent(target, buildAgentEnvelope(instruction, projectSlug), {
    timeoutSeconds: body.timeout_seconds,
    retries: body.retries,
    backoffSeconds: body.backoff_seconds,
  });
  if (!result.ok) {
    deps.logger.warn(
      { instruction_id: instruction.id, http_status: result.http_status, requests: result.requests, error: result.error },
      'agent dispatch failed',
    );
  }
  return result;
}

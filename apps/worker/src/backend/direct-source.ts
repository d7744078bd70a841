import type { TDispatchResult } from '@kroma/contract';
import {
  claimNextInstruction,
  completeInstruction,
  getInstructionQueue,
  readSecretValue,
  renewInstructionLock,
  type KromaStore,
} from '@kroma/db';
import { errorLine } from '../util/redact.js';
import { dispatchToAgent } from './agent-dispatch.js';
import type { TAgentTarget, TClaimed, TDispatchRequest, TInstructionSource } from './types.js';

/** The queue through @kroma/db's functions on a store this process opened (a worker beside the database). */
export class DirectInstructionSource implements TInstructionSource {
  readonly mode = 'direct' as const;

  constructor(private readonly store: KromaStore) {}

  async claim(request: Parameters<TInstructionSource['claim']>[0]) {
    const claimed = await claimNextInstruction(this.store, request);
    return claimed === undefined ? undefined : { instruction: claimed.instruction, projectSlug: claimed.projectSlug };
  }

  heartbeat(instructionId: string, workerId: string) {
    return renewInstructionLock(this.store, instructionId, workerId);
  }

  complete(instructionId: string, workerId: string, completion: Parameters<TInstructionSource['complete']>[2]) {
    return completeInstruction(this.store, instructionId, workerId, completion);
  }

  /** URL and token resolve independently: the worker's own (flag / env), else the project's `agent_api` secrets. */
  async dispatch(claimed: TClaimed, request: TDispatchRequest): Promise<TDispatchResult> {
    let target: TAgentTarget;
    try {
      target = {
        url: request.agent.url ?? (await this.secret(claimed, 'url')),
        token: request.agent.token ?? (await this.secret(claimed, 'token')),
      };
    } catch (error) {
      // The original aborted the whole worker loop here, leaving the row locked; one failed attempt is enough.
      return { ok: false, http_status: null, response: {}, error: `agent_api secrets unreadable: ${errorLine(error)}`, requests: 0 };
    }
    return dispatchToAgent(claimed, request, target);
  }

  queue() {
    return getInstructionQueue(this.store);
  }

  private secret(claimed: TClaimed, name: 'url' | 'token'): Promise<string | undefined> {
    return readSecretValue(this.store, claimed.instruction.project_id, 'agent_api', name);
  }
}

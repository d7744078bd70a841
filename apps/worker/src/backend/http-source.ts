import type { TDispatchResult } from '@kroma/contract';
import { dispatchToAgent } from './agent-dispatch.js';
import { callServer, okBody, type TKromaClient, type TServerTarget } from './http-client.js';
import type { TClaimed, TClaimRequest, TCompletionRequest, TDispatchRequest, TInstructionSource } from './types.js';

/** The queue through the server's worker routes, with the contract's typed client. */
export class HttpInstructionSource implements TInstructionSource {
  readonly mode = 'http' as const;

  constructor(
    private readonly client: TKromaClient,
    private readonly server: TServerTarget,
  ) {}

  async claim(request: TClaimRequest): Promise<TClaimed | undefined> {
    const body = okBody(
      await callServer(this.server, () =>
        this.client.agentWorker.claimInstruction({
          body: { worker_id: request.workerId, max_locked_seconds: request.maxLockedSeconds, default_max_attempts: request.defaultMaxAttempts },
        }),
      ),
    );
    return body.instruction === null ? undefined : { instruction: body.instruction, projectSlug: body.project_slug };
  }

  async heartbeat(instructionId: string, workerId: string) {
    const body = okBody(
      await callServer(this.server, () =>
        this.client.agentWorker.heartbeatInstruction({ params: { instructionId }, body: { worker_id: workerId } }),
      ),
    );
    return { locked: body.locked, status: body.status };
  }

  async complete(instructionId: string, workerId: string, completion: TCompletionRequest) {
    const body = okBody(
      await callServer(this.server, () =>
        this.client.agentWorker.completeInstruction({
          params: { instructionId },
          body: {
            worker_id: workerId,
            outcome: completion.outcome,
            ...(completion.error !== undefined && { error: completion.error }),
            ...(completion.response !== undefined && { response: completion.response as never }),
            ...(completion.httpStatus !== undefined && { http_status: completion.httpStatus }),
            retry_backoff_seconds: completion.retryBackoffSeconds,
            poll_after_seconds: completion.pollAfterSeconds,
            default_max_attempts: completion.defaultMaxAttempts,
          },
        }),
      ),
    );
    return { applied: body.applied, instruction: body.instruction };
  }

  /** The worker's own agent URL (flag / env) is posted to from here; otherwise the server dispatches with the project's secrets. */
  async dispatch(claimed: TClaimed, request: TDispatchRequest): Promise<TDispatchResult> {
    if (request.agent.url !== undefined) return dispatchToAgent(claimed, request, request.agent);
    const { signal } = request;
    const body = okBody(
      await callServer(
        this.server,
        () =>
          this.client.agentWorker.dispatchInstruction({
            params: { instructionId: claimed.instruction.id },
            body: {
              worker_id: request.workerId,
              timeout_seconds: request.timeoutSeconds,
              retries: request.retries,
              backoff_seconds: request.backoffSeconds,
            },
            fetchOptions: { signal },
          }),
        signal,
      ),
    );
    return body.dispatch;
  }

  async queue() {
    return okBody(await callServer(this.server, () => this.client.agentWorker.getQueue())).queue;
  }
}

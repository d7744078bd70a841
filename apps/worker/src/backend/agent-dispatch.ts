import type { TDispatchResult } from '@kroma/contract';
import { postToAgent } from '../dispatch/agent-client.js';
import { buildAgentEnvelope } from '../dispatch/envelope.js';
import type { TAgentTarget, TClaimed, TDispatchRequest } from './types.js';

/** data.md §3.8: no URL is not a state of its own but an attempt that fails (and is retried like any other). */
export const MISSING_AGENT_URL = 'missing_agent_api_url';

/** Posts the instruction's envelope to `target` (resolved by the caller), or fails the attempt without a URL. */
export async function dispatchToAgent(claimed: TClaimed, request: TDispatchRequest, target: TAgentTarget): Promise<TDispatchResult> {
  if (target.url === undefined) return { ok: false, http_status: null, response: {}, error: MISSING_AGENT_URL, requests: 0 };
  return postToAgent({
    url: target.url,
    ...(target.token !== undefined && { token: target.token }),
    body: buildAgentEnvelope(claimed.instruction, claimed.projectSlug),
    timeoutSeconds: request.timeoutSeconds,
    retries: request.retries,
    backoffSeconds: request.backoffSeconds,
    signal: request.signal,
  });
}

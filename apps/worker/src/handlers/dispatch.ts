import { workResultOfDispatch } from '../dispatch/interpret.js';
import type { TWorkContext, TWorkResult } from './types.js';

/** `asset_edit`, `custom`, `agent_instruction` and any other type: the agent API does the work. */
export async function dispatchInstruction(context: TWorkContext): Promise<TWorkResult> {
  const { settings } = context;
  const result = await context.backend.source.dispatch(context.claimed, {
    workerId: settings.workerId,
    ...settings.dispatch,
    agent: {
      ...(settings.agentApiUrl !== undefined && { url: settings.agentApiUrl }),
      ...(settings.agentApiToken !== undefined && { token: settings.agentApiToken }),
    },
    signal: context.signal,
  });
  return workResultOfDispatch(result);
}

import type { TDispatchResult } from '@kroma/contract';
import type { TWorkResult } from '../handlers/types.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The answer's `status`, trimmed and lower-cased; `done` when absent (data.md §3.9). */
export function remoteStatusOf(response: unknown): string {
  const status = isObject(response) ? response.status : undefined;
  return typeof status === 'string' && status.trim() !== '' ? status.trim().toLowerCase() : 'done';
}

const agentMessage = (response: unknown): string | undefined => {
  if (!isObject(response)) return undefined;
  for (const key of ['error', 'message', 'reason']) {
    const value = response[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
};

/**
 * data.md §3.9 as the newest original did it: done / accepted / queued → done, failed → failed (final, no retry),
 * running → asked again later, anything else → failed. A dispatch that never got a usable 2xx is a retry.
 */
export function workResultOfDispatch(result: TDispatchResult): TWorkResult {
  const httpStatus = result.http_status ?? undefined;
  const base = httpStatus === undefined ? {} : { httpStatus };
  if (!result.ok) return { ...base, outcome: 'retry', error: result.error || 'dispatch_failed' };
  const status = remoteStatusOf(result.response);
  const response = result.response;
  switch (status) {
    case 'done':
    case 'accepted':
    case 'queued':
      return { ...base, outcome: 'done', response };
    case 'running':
      return { ...base, outcome: 'remote_running', response };
    case 'failed':
      return { ...base, outcome: 'failed', response, error: agentMessage(response) ?? 'the agent reported status failed' };
    default:
      return { ...base, outcome: 'failed', response, error: `the agent answered an unknown status: ${status}` };
  }
}

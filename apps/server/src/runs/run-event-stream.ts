import { PassThrough } from 'node:stream';
import type { TRunSummary } from '@kroma/contract';
import type { RunEventsHub } from './run-events-hub.js';

export const HEARTBEAT_MS = 15_000;

const sseEvent = (event: 'progress' | 'end', run: TRunSummary): string => `event: ${event}\ndata: ${JSON.stringify(run)}\n\n`;

export interface TRunEventSource {
  hub: RunEventsHub;
  isActive(runId: string): boolean;
  /** The run as stored now. */
  load(): Promise<TRunSummary>;
}

/**
 * A Server-Sent Events body for one run: `progress` with the run at once, again on each change, then `end` with
 * the final run. A run that is not active gets one `progress` and the `end` at once. `onClose` ends it early.
 */
export async function openRunEventStream(
  runId: string,
  first: TRunSummary,
  source: TRunEventSource,
  onClose: (close: () => void) => void,
): Promise<PassThrough> {
  const stream = new PassThrough();
  stream.write(sseEvent('progress', first));
  const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
  let unsubscribe = (): void => undefined;
  const finish = (run: TRunSummary | undefined): void => {
    clearInterval(heartbeat);
    unsubscribe();
    if (stream.writableEnded) return;
    if (run !== undefined) stream.write(sseEvent('end', run));
    stream.end();
  };
  unsubscribe = source.hub.subscribe(runId, {
    progress: (run) => void stream.write(sseEvent('progress', run)),
    end: finish,
  });
  // Subscribing and this check happen in one turn, so an end published in between cannot be missed.
  if (!source.isActive(runId)) {
    unsubscribe();
    finish(first.status === 'queued' || first.status === 'running' ? await source.load().catch(() => first) : first);
    return stream;
  }
  onClose(() => finish(undefined));
  return stream;
}

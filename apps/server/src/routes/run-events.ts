import { kromaContract } from '@kroma/contract';
import { loadRunControl } from '@kroma/db';
import type { AppRouteImplementation } from '@ts-rest/express';
import { openRunEventStream } from '../runs/run-event-stream.js';
import type { TServerDeps } from './deps.js';

/** `GET …/runs/{runId}/events`: the run's progress as Server-Sent Events until it ends (404 `Run not found`). */
export const runEventsHandler =
  ({ store, runs }: TServerDeps): AppRouteImplementation<typeof kromaContract.runs.runEvents> =>
  async ({ params, res }) => {
    const { run } = await loadRunControl(store, params.slug, params.runId);
    const load = async () => (await loadRunControl(store, params.slug, params.runId)).run;
    const source = { hub: runs.hub, isActive: (id: string) => runs.launcher.isActive(id), load };
    const stream = await openRunEventStream(run.id, run, source, (close) => res.on('close', close));
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Accel-Buffering', 'no');
    // ts-rest pipes a stream body as it is; the contract types the body as the text it carries.
    return { status: 200, body: stream as unknown as string };
  };

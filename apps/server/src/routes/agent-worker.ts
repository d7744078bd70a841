import { kromaContract } from '@kroma/contract';
import {
  claimNextInstruction,
  completeInstruction,
  getInstructionQueue,
  renewInstructionLock,
  setInstructionQueuePaused,
} from '@kroma/db';
import { dispatchInstruction } from '../agent/dispatch-instruction.js';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** Worker-facing queue routes (claim, heartbeat, complete, dispatch) and queue pause / resume. */
export const agentWorkerRoutes = ({ store, runs }: TServerDeps) =>
  s.router(kromaContract.agentWorker, {
    getQueue: async () => ok({ queue: await getInstructionQueue(store) }),
    pauseQueue: async () => ok({ queue: await setInstructionQueuePaused(store, true) }),
    resumeQueue: async () => ok({ queue: await setInstructionQueuePaused(store, false) }),
    claimInstruction: async ({ body }) => {
      const claimed = await claimNextInstruction(store, {
        workerId: body.worker_id,
        maxLockedSeconds: orUndefined(body.max_locked_seconds),
        defaultMaxAttempts: orUndefined(body.default_max_attempts),
        types: orUndefined(body.types),
      });
      return ok({ instruction: claimed?.instruction ?? null, project_slug: claimed?.projectSlug ?? '' });
    },
    heartbeatInstruction: async ({ params, body }) => ok(await renewInstructionLock(store, params.instructionId, body.worker_id)),
    completeInstruction: async ({ params, body }) =>
      ok(
        await completeInstruction(store, params.instructionId, body.worker_id, {
          outcome: body.outcome,
          error: orUndefined(body.error),
          response: body.response,
          httpStatus: orUndefined(body.http_status),
          retryBackoffSeconds: orUndefined(body.retry_backoff_seconds),
          pollAfterSeconds: orUndefined(body.poll_after_seconds),
          defaultMaxAttempts: orUndefined(body.default_max_attempts),
        }),
      ),
    dispatchInstruction: async ({ params, body }) => {
      const { env, logger } = runs.options;
      return ok({ dispatch: await dispatchInstruction({ store, env, logger }, params.instructionId, body) });
    },
  });

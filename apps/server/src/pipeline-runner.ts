import { KromaError, type TPipelineTrigger, type TTriggerRunBody } from '@kroma/contract';
import { loadTriggerTarget, type KromaStore } from '@kroma/db';
import { bindTriggerToProject, parseTriggerRequest, type TPipelineTriggerRequest } from '@kroma/pipeline';

export type { TPipelineTriggerRequest } from '@kroma/pipeline';

/** Runs the pipeline for `POST …/runs/trigger`. Pluggable, like the original's orchestrator. */
export interface TPipelineRunner {
  trigger(request: TPipelineTriggerRequest): Promise<TPipelineTrigger>;
}

/** Until a runner is configured, a trigger passes validation and then reports that nothing can execute it. */
export const unconfiguredPipelineRunner: TPipelineRunner = {
  async trigger() {
    throw new KromaError('validation', 'Pipeline command failed: no pipeline runner is configured on this server');
  },
};

/**
 * `POST …/runs/trigger`: every body check (400) → the project (404 `Project not found`) → `project_root` pinned
 * to the project's storage root (400) → the runner. Nothing reaches the runner when a check fails.
 */
export async function triggerPipelineRun(
  store: KromaStore,
  runner: TPipelineRunner,
  slug: string,
  body: TTriggerRunBody,
): Promise<TPipelineTrigger> {
  const input = parseTriggerRequest(body);
  const target = await loadTriggerTarget(store, slug);
  return runner.trigger(bindTriggerToProject(input, target, store.appRoot));
}

import { KromaError, type TPipelineTrigger } from '@kroma/contract';

/** A validated trigger request, with the project's storage root already resolved. */
export interface TPipelineTriggerRequest {
  projectSlug: string;
  projectId: string;
  projectRoot: string;
  mode: 'dry' | 'run';
  confirmSpend: boolean;
  input?: string;
  sceneRefs?: string[];
  styleRefs?: string[];
  stage?: 'style' | 'time' | 'weather';
  time?: 'day' | 'night';
  weather?: 'clear' | 'rain';
  candidates?: number;
  storageSyncS3: boolean;
}

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

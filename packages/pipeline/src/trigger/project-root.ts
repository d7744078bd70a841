import { resolve } from 'node:path';
import { validationError } from '@kroma/contract';
import type { TPipelineTriggerRequest, TPipelineTriggerRequestInput } from './request.js';

export const PROJECT_ROOT_MANAGED =
  "Field 'project_root' is managed by project storage; omit it or send the project's storage root";

/** The project a trigger runs for, with its resolved (absolute) storage root. */
export interface TTriggerTarget {
  projectSlug: string;
  projectId: string;
  projectRoot: string;
}

/**
 * Pins a trigger to its project's storage root. Unlike the original, which let a client point the pipeline at
 * any directory, a sent `project_root` is only accepted when it resolves (against the app root) to that root.
 */
export function bindTriggerToProject(
  input: TPipelineTriggerRequestInput,
  target: TTriggerTarget,
  appRoot: string,
): TPipelineTriggerRequest {
  const { projectRoot: requestedRoot, ...fields } = input;
  if (requestedRoot !== undefined && resolve(appRoot, requestedRoot) !== resolve(target.projectRoot)) {
    throw validationError(PROJECT_ROOT_MANAGED);
  }
  return { ...fields, projectSlug: target.projectSlug, projectId: target.projectId, projectRoot: target.projectRoot };
}

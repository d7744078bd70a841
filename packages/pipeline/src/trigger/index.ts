// Trigger request validation.
export * from './request.js';
export { parseTriggerRequest } from './parse-request.js';
export { bindTriggerToProject, PROJECT_ROOT_MANAGED, type TTriggerTarget } from './project-root.js';

// Running the pipeline for a service (server, worker): plan an API trigger, build the engine's dependencies.
export { planTriggeredRun, type TTriggerPlan, type TTriggerPlanContext } from './plan-trigger.js';
export { engineDepsFor, plansPostprocess, type TEngineToolsInput } from './engine-deps.js';
export { claimRunLogPath } from './run-log-file.js';

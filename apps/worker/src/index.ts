// The worker's library surface: the executable's program, the loop, and the two ways to reach the queue.
export { runWorker, buildWorkerProgram, EXIT_OK, EXIT_FAILURE, EXIT_USAGE, type TRunWorkerOptions, type TWorkerIo } from './program.js';
export { WorkerLoop, ShutdownError, type TWorkerLoopOptions, type TWorkerSummary } from './loop/worker-loop.js';
export { LockLostError } from './loop/lock-keeper.js';
export { workerSettings, settingsFromFlags, newWorkerId, DEFAULT_SETTINGS, DEFAULT_SERVER_URL, SETTING_MINIMUMS } from './options.js';
export type { TWorkerSettings, TDispatchSettings, TWorkerFlags } from './options.js';
export { openDirectBackend, createDirectBackend } from './backend/direct.js';
export { openHttpBackend } from './backend/http.js';
export { createKromaClient, type TServerTarget } from './backend/http-client.js';
export { MISSING_AGENT_URL } from './backend/agent-dispatch.js';
export type * from './backend/types.js';
export { postToAgent, type TAgentPost } from './dispatch/agent-client.js';
export { buildAgentEnvelope, type TAgentEnvelope } from './dispatch/envelope.js';
export { workResultOfDispatch, remoteStatusOf } from './dispatch/interpret.js';
export { MISSING_OPENAI_KEY } from './handlers/pipeline-run.js';
export type { TWorkResult } from './handlers/types.js';

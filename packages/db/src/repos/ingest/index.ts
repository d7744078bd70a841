export { ingestRunLog } from './ingest-run-log.js';
export { runStatusOf } from './run-status.js';
export { validateRunLog, relativeRunLogPath } from './load-run-log.js';
export { mimeTypeOf } from './asset-registry.js';
export type { TIngestInput, TIngestResult, TRunStatus } from './types.js';

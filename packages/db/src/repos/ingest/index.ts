export { ingestRunLog } from './ingest-run-log.js';
export { runStatusOf, ingestStatusOf } from './run-status.js';
export { ingestProgressOf } from './run-progress.js';
export { validateRunLog, relativeRunLogPath } from './load-run-log.js';
export { mimeTypeOf } from './asset-registry.js';
export type { TIngestInput, TIngestResult, TIngestRunStatus, TRunStatus } from './types.js';

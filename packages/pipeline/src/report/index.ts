// What a run prints: the cost estimate and the §1.8 stdout protocol (CLI output, the server's `pipeline_trigger.stdout`).
export { formatEstimate } from './estimate.js';
export { formatRunProtocol, SUMMARY_MARKER, type TRunProtocolSummary } from './run-protocol.js';

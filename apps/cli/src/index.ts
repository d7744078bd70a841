// The kroma CLI, importable for tests and embedding: `main.ts` is the executable entry.
export { buildProgram, runCli, type TBuildProgramOptions } from './program.js';
export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type TCliIo } from './output.js';
export { SUMMARY_MARKER, type TRunProtocolSummary as TRunSummary } from '@kroma/pipeline';

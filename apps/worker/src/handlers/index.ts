import { dispatchInstruction } from './dispatch.js';
import { runPipelineInstruction } from './pipeline-run.js';
import { runQaCheck } from './qa-check.js';
import { runStorageSync } from './storage-sync.js';
import type { TWorkHandler } from './types.js';

/** Types the worker carries out itself; every other type (`asset_edit`, `custom`, `agent_instruction`) is dispatched. */
const LOCAL_HANDLERS: Readonly<Record<string, TWorkHandler>> = {
  pipeline_run: runPipelineInstruction,
  qa_check: runQaCheck,
  storage_sync: runStorageSync,
};

export const handlerFor = (instructionType: string): TWorkHandler => LOCAL_HANDLERS[instructionType] ?? dispatchInstruction;

export {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_LOCKED_SECONDS,
  DEFAULT_RETRY_BACKOFF_SECONDS,
  type TClaimedInstruction,
  type TClaimOptions,
  type TCompletion,
} from './instruction-queue-options.js';
export { claimNextInstruction } from './instruction-queue-claim.js';
export { completeInstruction } from './instruction-queue-complete.js';
export { renewInstructionLock, requireWorkerLock } from './instruction-queue-lock.js';
export { getInstructionQueue, setInstructionQueuePaused } from './instruction-queue-state.js';

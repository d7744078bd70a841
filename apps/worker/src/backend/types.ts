import type {
  TAgentInstruction,
  TDispatchResult,
  TIngestResult,
  TInstructionQueue,
  TRunLog,
  TS3SyncResult,
  TSyncS3Body,
  TWorkerOutcome,
} from '@kroma/contract';
import type { TCharacterCard, TTriggerTarget } from '@kroma/pipeline';
import type { TDispatchSettings } from '../options.js';

export interface TClaimed {
  instruction: TAgentInstruction;
  projectSlug: string;
}

export interface TClaimRequest {
  workerId: string;
  maxLockedSeconds: number;
  defaultMaxAttempts: number;
}

/** How this worker ends one attempt; applied only while it still holds the lock. */
export interface TCompletionRequest {
  outcome: TWorkerOutcome;
  error?: string;
  response?: unknown;
  httpStatus?: number;
  retryBackoffSeconds: number;
  pollAfterSeconds: number;
  defaultMaxAttempts: number;
}

/** The worker's own agent target; a missing part falls back to the project's `agent_api` secrets where allowed. */
export interface TAgentTarget {
  url?: string;
  token?: string;
}

export interface TDispatchRequest extends TDispatchSettings {
  workerId: string;
  agent: TAgentTarget;
  signal: AbortSignal;
}

/** The queue as the worker sees it: the same five operations over HTTP (the contract's client) or the database. */
export interface TInstructionSource {
  readonly mode: 'http' | 'direct';
  /** The next runnable instruction, atomically locked to this worker; undefined when none (or the queue is paused). */
  claim(request: TClaimRequest): Promise<TClaimed | undefined>;
  /** Renews the lock; `locked: false` means stop (canceled or reclaimed). */
  heartbeat(instructionId: string, workerId: string): Promise<{ locked: boolean; status: string }>;
  complete(instructionId: string, workerId: string, completion: TCompletionRequest): Promise<{ applied: boolean; instruction: TAgentInstruction }>;
  /** Posts the envelope to the agent API: the worker's own target, else the project's `agent_api` secrets. */
  dispatch(claimed: TClaimed, request: TDispatchRequest): Promise<TDispatchResult>;
  queue(): Promise<TInstructionQueue>;
}

/** What a `pipeline_run` needs of its project. */
export interface TPipelineProject {
  target: TTriggerTarget;
  characterCards: TCharacterCard[];
  /** The OpenAI key for a paid run (project secret in direct mode, else the environment). */
  apiKey?: string;
  notes: string[];
}

/** The project work the local handlers need, per mode. */
export interface TProjectAccess {
  pipelineProject(slug: string): Promise<TPipelineProject>;
  /** Absolute, resolved project root. */
  projectRoot(slug: string): Promise<string>;
  ingest(slug: string, runLogPath: string, log: TRunLog): Promise<TIngestResult>;
  syncS3(slug: string, body: TSyncS3Body, signal: AbortSignal): Promise<TS3SyncResult>;
}

export interface TWorkerBackend {
  source: TInstructionSource;
  projects: TProjectAccess;
  /** Where relative settings, run paths and storage resolve (the worker's own app root). */
  appRoot: string;
  /** Names the backend in logs (a URL or a database file). */
  describe: string;
  close(): Promise<void>;
}

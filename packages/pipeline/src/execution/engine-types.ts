import type { ImageAnalyzer, ImageEditor, TImageUsage } from '@kroma/adapters';
import type {
  TRunLogBgRemove,
  TRunLogColor,
  TRunLogJob,
  TRunLogProgress,
  TRunLogUpscale,
} from '@kroma/contract';
import type { TRetryPolicy } from './retry.js';

export interface TPostprocessContext {
  job: TRunLogJob;
  candidateIndex: number;
  /** Absolute path of the generated PNG. */
  rawOutput: string;
}

/** What the post-process chain did to one candidate; `finalOutput` is the file QA checks. */
export interface TCandidatePostprocess {
  /** Absolute, or relative to the app root. */
  finalOutput: string;
  bg_remove?: TRunLogBgRemove;
  upscale?: TRunLogUpscale;
  color?: TRunLogColor;
  /** Paid OpenAI refine calls made (0 when refine is off). */
  refineCalls: number;
  /** Summed usage of those refine calls, when the provider reported it. */
  refineUsage?: TImageUsage;
}

export interface TExecuteRunDeps {
  editor: ImageEditor;
  analyzer: ImageAnalyzer;
  /** The post-process chain; without it the generated file is the final one. */
  postprocess?: (context: TPostprocessContext) => Promise<TCandidatePostprocess>;
}

export interface TExecuteRunOptions {
  runLogPath: string;
  appRoot: string;
  projectRoot: string;
  /** Image calls in flight at once; default 4. */
  concurrency?: number;
  retry?: TRetryPolicy;
  /** Per attempt; default 120 000 ms. */
  callTimeoutMs?: number;
  /** Overrides the log's `cost.cap_usd`. */
  maxCostUsd?: number;
  /** Job ids to (re)generate; every other job is copied unchanged. */
  only?: string[];
  signal?: AbortSignal;
  /** Called after each progress change is on disk. */
  onProgress?: (progress: TRunLogProgress) => void;
  now?: () => Date;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_CALL_TIMEOUT_MS = 120_000;

import { ProviderError } from '@kroma/adapters';

export interface TRetryPolicy {
  /** Retries after the first attempt (so `retries: 3` means at most 4 calls). */
  retries: number;
  /** Backoff of the first retry; doubles each time, with ±20 % jitter, capped at `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: TRetryPolicy = { retries: 3, baseDelayMs: 1_000, maxDelayMs: 30_000 };

export interface TAttemptFailure {
  attempt: number;
  error: unknown;
  delayMs: number;
}

/** What a retry may cure: provider errors marked retryable (429, 5xx, timeouts, dropped connections). */
export const isRetryable = (error: unknown): boolean => error instanceof ProviderError && error.retryable;

export function backoffDelay(policy: TRetryPolicy, attempt: number, error: unknown, random = Math.random): number {
  if (error instanceof ProviderError && error.retryAfterMs !== undefined) {
    return Math.min(Math.max(error.retryAfterMs, 0), policy.maxDelayMs);
  }
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  const jitter = 0.8 + 0.4 * random();
  return Math.min(Math.round(exponential * jitter), policy.maxDelayMs);
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Runs `call` until it succeeds, fails with something a retry cannot cure, or runs out of retries. A provider's
 * `Retry-After` wins over the computed backoff. Returns the value and how many attempts it took.
 */
export async function withRetries<T>(
  call: (attempt: number) => Promise<T>,
  policy: TRetryPolicy = DEFAULT_RETRY_POLICY,
  options: { signal?: AbortSignal; onRetry?: (failure: TAttemptFailure) => void; random?: () => number } = {},
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { value: await call(attempt), attempts: attempt };
    } catch (error) {
      if (!isRetryable(error) || attempt > policy.retries) throw error;
      const delayMs = backoffDelay(policy, attempt, error, options.random);
      options.onRetry?.({ attempt, error, delayMs });
      await sleep(delayMs, options.signal);
    }
  }
}

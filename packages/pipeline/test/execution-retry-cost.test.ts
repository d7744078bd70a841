import { ProviderError } from '@kroma/adapters';
import { describe, expect, it } from 'vitest';
import { backoffDelay, CostCapReachedError, CostGuard, DEFAULT_RETRY_POLICY, withRetries } from '../src/index.js';

const fast = { retries: 3, baseDelayMs: 1, maxDelayMs: 50 };
const retryable = (retryAfterMs?: number) => new ProviderError('HTTP 429: slow down', { status: 429, retryable: true, retryAfterMs });

describe('withRetries', () => {
  it('retries what a retry may cure and reports each retry', async () => {
    const seen: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls += 1;
        if (calls < 3) throw retryable();
        return 'png';
      },
      fast,
      { onRetry: (f) => seen.push(f.attempt) },
    );
    expect(result).toEqual({ value: 'png', attempts: 3 });
    expect(seen).toEqual([1, 2]);
  });

  it('does not retry a request the provider refused', async () => {
    let calls = 0;
    const refused = new ProviderError('HTTP 400: bad size', { status: 400, retryable: false });
    await expect(
      withRetries(async () => {
        calls += 1;
        throw refused;
      }, fast),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('gives up after the last retry with the last error', async () => {
    let calls = 0;
    await expect(
      withRetries(async () => {
        calls += 1;
        throw retryable();
      }, fast),
    ).rejects.toThrow('HTTP 429');
    expect(calls).toBe(4);
  });

  it('honours Retry-After over the computed backoff, within the maximum', () => {
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 1, retryable(2_500))).toBe(2_500);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 1, retryable(90_000))).toBe(30_000);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 3, retryable(), () => 0.5)).toBe(4_000);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 10, retryable(), () => 1)).toBe(30_000);
  });

  it('waits what Retry-After says', async () => {
    let calls = 0;
    const started = Date.now();
    await withRetries(async () => {
      calls += 1;
      if (calls === 1) throw retryable(120);
      return true;
    }, { retries: 2, baseDelayMs: 1, maxDelayMs: 1_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const pending = withRetries(async () => {
      throw retryable(5_000);
    }, { retries: 1, baseDelayMs: 1, maxDelayMs: 10_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('canceled')), 20);
    await expect(pending).rejects.toThrow('canceled');
  });
});

describe('CostGuard', () => {
  it('reserves estimates and settles actual costs', () => {
    const guard = new CostGuard(1);
    const first = guard.reserve(0.4);
    const second = guard.reserve(0.4);
    expect(() => guard.reserve(0.4)).toThrow(CostCapReachedError);
    first.settle(0.25);
    second.settle(0.3);
    expect(guard.spentUsd).toBeCloseTo(0.55);
    guard.reserve(0.4).settle(0.4);
    expect(() => guard.reserve(0.1)).toThrow(/Cost cap reached: spent \$0\.9500 of \$1\.0000/);
  });

  it('releases a reservation when the call did not happen; settling twice counts once', () => {
    const guard = new CostGuard(0.5);
    const reservation = guard.reserve(0.5);
    reservation.release();
    const again = guard.reserve(0.5);
    again.settle(0.2);
    again.settle(0.2);
    expect(guard.spentUsd).toBeCloseTo(0.2);
  });

  it('has no cap unless given one, and refuses a nonsense cap', () => {
    const guard = new CostGuard();
    for (let i = 0; i < 100; i += 1) guard.reserve(10).settle(10);
    expect(guard.spentUsd).toBe(1_000);
    expect(() => new CostGuard(-1)).toThrow();
  });
});

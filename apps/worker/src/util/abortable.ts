import { setTimeout as delay } from 'node:timers/promises';

/** Throws the signal's reason (an Error) when it has been aborted. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortReason(signal);
}

/** The abort reason as an Error (a bare `abort()` gives a DOMException, which is one). */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'));
}

/** Sleeps `ms`; rejects with the abort reason when `signal` aborts first. */
export async function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    throw abortReason(signal);
  }
}

/** Sleeps `ms` or until `signal` aborts, whichever comes first; never rejects. */
export async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  await delay(ms, undefined, { signal }).catch(() => undefined);
}

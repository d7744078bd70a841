import type { TRunSummary } from '@kroma/contract';

export interface TRunListener {
  progress(run: TRunSummary): void;
  /** The run has ended (or the server is stopping): no more events follow. */
  end(run: TRunSummary | undefined): void;
}

/** Who watches which run (`GET …/runs/{runId}/events`); the run service publishes, the SSE route listens. */
export class RunEventsHub {
  private readonly listeners = new Map<string, Set<TRunListener>>();

  subscribe(runId: string, listener: TRunListener): () => void {
    const set = this.listeners.get(runId) ?? new Set<TRunListener>();
    set.add(listener);
    this.listeners.set(runId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(runId) === set) this.listeners.delete(runId);
    };
  }

  hasListeners(runId: string): boolean {
    return (this.listeners.get(runId)?.size ?? 0) > 0;
  }

  publish(runId: string, run: TRunSummary): void {
    for (const listener of this.listeners.get(runId) ?? []) listener.progress(run);
  }

  end(runId: string, run: TRunSummary | undefined): void {
    const set = this.listeners.get(runId);
    this.listeners.delete(runId);
    for (const listener of set ?? []) listener.end(run);
  }

  /** Ends every stream (server shutdown), so open connections let the server close. */
  endAll(): void {
    for (const runId of [...this.listeners.keys()]) this.end(runId, undefined);
  }
}

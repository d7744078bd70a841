/** Raised before a call that would take the run's spending past its cap; the run stops cleanly there. */
export class CostCapReachedError extends Error {
  override readonly name = 'CostCapReachedError';
  readonly capUsd: number;
  readonly spentUsd: number;
  readonly nextCallUsd: number;

  constructor(capUsd: number, spentUsd: number, nextCallUsd: number) {
    super(
      `Cost cap reached: spent $${spentUsd.toFixed(4)} of $${capUsd.toFixed(4)}; the next call (about $${nextCallUsd.toFixed(4)}) would pass it`,
    );
    this.capUsd = capUsd;
    this.spentUsd = spentUsd;
    this.nextCallUsd = nextCallUsd;
  }
}

/**
 * Tracks spending against an optional cap. Calls in flight are reserved at their estimate before they start, so
 * concurrent calls cannot jointly overshoot; the reservation is replaced by the actual cost when the call returns.
 */
export class CostGuard {
  readonly capUsd: number | undefined;
  #spentUsd = 0;
  #reservedUsd = 0;

  constructor(capUsd?: number) {
    if (capUsd !== undefined && (!Number.isFinite(capUsd) || capUsd < 0)) {
      throw new Error(`The cost cap must be a number >= 0, got ${capUsd}`);
    }
    this.capUsd = capUsd;
  }

  get spentUsd(): number {
    return this.#spentUsd;
  }

  /** Reserves `estimateUsd` for a call about to start, or throws `CostCapReachedError`. */
  reserve(estimateUsd: number): { settle(actualUsd: number): void; release(): void } {
    if (this.capUsd !== undefined && this.#spentUsd + this.#reservedUsd + estimateUsd > this.capUsd + 1e-9) {
      throw new CostCapReachedError(this.capUsd, this.#spentUsd + this.#reservedUsd, estimateUsd);
    }
    this.#reservedUsd += estimateUsd;
    let open = true;
    const close = () => {
      if (!open) return false;
      open = false;
      this.#reservedUsd -= estimateUsd;
      return true;
    };
    return {
      settle: (actualUsd: number) => {
        if (close()) this.#spentUsd += actualUsd;
      },
      release: () => {
        close();
      },
    };
  }
}

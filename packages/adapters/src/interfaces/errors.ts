/** A provider call failed. `retryable` marks what a retry may cure (429, 5xx, timeouts, dropped connections). */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** From a `Retry-After` header, when the provider sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { status?: number; retryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A local tool (rembg, Real-ESRGAN, …) is missing; the message says how to install it. */
export class ToolNotInstalledError extends Error {
  override readonly name = 'ToolNotInstalledError';
  readonly tool: string;
  readonly installHint: string;

  constructor(tool: string, installHint: string) {
    super(`${tool} is not installed: ${installHint}`);
    this.tool = tool;
    this.installHint = installHint;
  }
}

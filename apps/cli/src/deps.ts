import type { TCliEnvironment } from './context.js';
import type { TCliIo } from './output.js';

/** What the program hands every verb. */
export interface TCommandDeps {
  io: TCliIo;
  /** The app root and the environment, with `.env` loaded (once, on first use). */
  environment: () => TCliEnvironment;
  /** Stops long-running verbs (`serve`) besides SIGINT/SIGTERM; tests use it. */
  stopSignal?: AbortSignal;
}

import { randomBytes } from 'node:crypto';
import { InvalidArgumentError } from 'commander';

/** The loop's knobs, data.md §3.6 (values already clamped). */
export interface TWorkerSettings {
  workerId: string;
  /** Sleep when nothing is claimable. */
  pollIntervalSeconds: number;
  /** A lock older than this may be reclaimed by another worker; heartbeats renew it every third of it. */
  maxLockedSeconds: number;
  defaultMaxAttempts: number;
  /** Linear: the next try waits base × attempts. */
  retryBackoffSeconds: number;
  dispatch: TDispatchSettings;
  /** The worker's own agent target (flag, else env); absent → the project's `agent_api` secrets. */
  agentApiUrl?: string;
  agentApiToken?: string;
  /** Process at most one claimed instruction, or exit when none is claimable. */
  once: boolean;
  /** After SIGINT/SIGTERM the current instruction may finish within this; else it is aborted and released. */
  shutdownGraceSeconds: number;
}

export interface TDispatchSettings {
  /** Per HTTP request. */
  timeoutSeconds: number;
  /** Extra tries inside one attempt. */
  retries: number;
  /** Sleep after failed try n: backoff × n. */
  backoffSeconds: number;
}

export const DEFAULT_SETTINGS = {
  pollIntervalSeconds: 2,
  maxLockedSeconds: 120,
  defaultMaxAttempts: 3,
  retryBackoffSeconds: 10,
  dispatch: { timeoutSeconds: 20, retries: 2, backoffSeconds: 1.5 },
  shutdownGraceSeconds: 10,
} as const;

/** The lower bounds of data.md §3.6: smaller values are raised to them (like the original), not refused. */
export const SETTING_MINIMUMS = {
  pollIntervalSeconds: 0.1,
  maxLockedSeconds: 1,
  defaultMaxAttempts: 1,
  retryBackoffSeconds: 1,
  dispatchTimeoutSeconds: 0.1,
  dispatchRetries: 0,
  dispatchBackoffSeconds: 0.1,
} as const;

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8788';

/** `worker-` + 8 hex digits. */
export const newWorkerId = (): string => `worker-${randomBytes(4).toString('hex')}`;

/** Trimmed, non-blank text or undefined: blank counts as unset (flags and environment alike). */
export const presentText = (value: string | undefined): string | undefined => value?.trim() || undefined;

const finiteNumber = (value: string): number => {
  const number = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('expected a number.');
  return number;
};

/** A commander parser: a number raised to `minimum`. */
export const clampedNumber =
  (minimum: number) =>
  (value: string): number =>
    Math.max(minimum, finiteNumber(value));

/** A commander parser: a whole number raised to `minimum`. */
export const clampedInteger =
  (minimum: number) =>
  (value: string): number => {
    const number = finiteNumber(value);
    if (!Number.isInteger(number)) throw new InvalidArgumentError('expected a whole number.');
    return Math.max(minimum, number);
  };

/** What `kroma-worker` parses from its flags (numbers already clamped by their parsers). */
export interface TWorkerFlags {
  pollIntervalSeconds: number;
  maxLockedSeconds: number;
  defaultMaxAttempts: number;
  retryBackoffSeconds: number;
  dispatchTimeout: number;
  dispatchRetries: number;
  dispatchBackoffSeconds: number;
  workerId?: string;
  once?: boolean;
  agentApiUrl?: string;
  agentApiToken?: string;
  serverUrl: string;
  token?: string;
  db?: string;
}

/** Flags (then `IAT_AGENT_API_URL` / `IAT_AGENT_API_TOKEN`) → the loop's settings. */
export function settingsFromFlags(flags: TWorkerFlags, env: NodeJS.ProcessEnv): TWorkerSettings {
  const settings: TWorkerSettings = {
    workerId: presentText(flags.workerId) ?? newWorkerId(),
    pollIntervalSeconds: flags.pollIntervalSeconds,
    maxLockedSeconds: flags.maxLockedSeconds,
    defaultMaxAttempts: flags.defaultMaxAttempts,
    retryBackoffSeconds: flags.retryBackoffSeconds,
    dispatch: { timeoutSeconds: flags.dispatchTimeout, retries: flags.dispatchRetries, backoffSeconds: flags.dispatchBackoffSeconds },
    once: flags.once === true,
    shutdownGraceSeconds: DEFAULT_SETTINGS.shutdownGraceSeconds,
  };
  const url = presentText(flags.agentApiUrl) ?? presentText(env.IAT_AGENT_API_URL);
  const token = presentText(flags.agentApiToken) ?? presentText(env.IAT_AGENT_API_TOKEN);
  if (url !== undefined) settings.agentApiUrl = url;
  if (token !== undefined) settings.agentApiToken = token;
  return settings;
}

/** Settings for an embedded loop (tests, tools): the defaults, overridden field by field, without clamping. */
export function workerSettings(overrides: Partial<Omit<TWorkerSettings, 'dispatch'>> & { dispatch?: Partial<TDispatchSettings> } = {}): TWorkerSettings {
  const { dispatch, ...rest } = overrides;
  return {
    workerId: newWorkerId(),
    pollIntervalSeconds: DEFAULT_SETTINGS.pollIntervalSeconds,
    maxLockedSeconds: DEFAULT_SETTINGS.maxLockedSeconds,
    defaultMaxAttempts: DEFAULT_SETTINGS.defaultMaxAttempts,
    retryBackoffSeconds: DEFAULT_SETTINGS.retryBackoffSeconds,
    once: false,
    shutdownGraceSeconds: DEFAULT_SETTINGS.shutdownGraceSeconds,
    ...rest,
    dispatch: { ...DEFAULT_SETTINGS.dispatch, ...dispatch },
  };
}

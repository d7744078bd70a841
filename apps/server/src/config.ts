import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { findAppRoot } from '@kroma/db';

export interface TBindAddress {
  host: string;
  port: number;
}

export interface TServerConfig {
  bind: TBindAddress;
  /** SQLite file (absolute). */
  dbPath: string;
  appRoot: string;
  /** False when `KROMA_API_AUTH_DEV_BYPASS` is unset or truthy (the original's default). */
  authEnforced: boolean;
  /** Allow an unauthenticated `POST /auth/token` while no active token exists (loopback binds only). */
  firstTokenBootstrap: boolean;
  /** Serve without auth on a non-loopback address (explicit opt-in). */
  allowInsecureBind: boolean;
  logLevel: string;
  /** Runs executing at once (`KROMA_MAX_CONCURRENT_RUNS`, default 2); later ones wait in the queue. */
  maxConcurrentRuns?: number;
}

export const DEFAULT_MAX_CONCURRENT_RUNS = 2;
const MAX_CONCURRENT_RUNS_LIMIT = 64;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const TRUTHY = new Set(['1', 'true', 'yes', 'on']);
export const isTruthy = (value: string | undefined): boolean => TRUTHY.has((value ?? '').trim().toLowerCase());

/** `IP:port` only (IPv6 as `[::1]:8788`); hostnames are refused like the original does. */
export function parseBind(raw: string): TBindAddress {
  const text = raw.trim();
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  const host = match?.[1];
  const port = Number(match?.[2]);
  if (!host || isIP(host) === 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`KROMA_BACKEND_BIND must be IP:port (for example 127.0.0.1:8788), got '${raw}'`);
  }
  return { host, port };
}

function parseMaxConcurrentRuns(raw: string | undefined): number {
  const text = raw?.trim();
  if (!text) return DEFAULT_MAX_CONCURRENT_RUNS;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > MAX_CONCURRENT_RUNS_LIMIT) {
    throw new ConfigError(`KROMA_MAX_CONCURRENT_RUNS must be an integer between 1 and ${MAX_CONCURRENT_RUNS_LIMIT}, got '${raw}'`);
  }
  return value;
}

export const isLoopback = (host: string): boolean => host === '::1' || host.startsWith('127.');

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): TServerConfig {
  if (env.KROMA_BACKEND_DB_URL?.trim()) {
    throw new ConfigError(
      'KROMA_BACKEND_DB_URL is set, but this Kroma build stores its data in SQLite only (the PostgreSQL path is not available yet). Unset KROMA_BACKEND_DB_URL and use KROMA_BACKEND_DB=<file> instead.',
    );
  }
  const appRoot = findAppRoot(cwd, env);
  const bypassRaw = env.KROMA_API_AUTH_DEV_BYPASS;
  const config: TServerConfig = {
    bind: parseBind(env.KROMA_BACKEND_BIND?.trim() || '127.0.0.1:8788'),
    dbPath: resolve(appRoot, env.KROMA_BACKEND_DB?.trim() || 'var/backend/app.db'),
    appRoot,
    authEnforced: bypassRaw !== undefined && !isTruthy(bypassRaw),
    firstTokenBootstrap: env.KROMA_API_AUTH_BOOTSTRAP_FIRST_TOKEN === undefined || isTruthy(env.KROMA_API_AUTH_BOOTSTRAP_FIRST_TOKEN),
    allowInsecureBind: isTruthy(env.KROMA_ALLOW_INSECURE_BIND),
    logLevel: env.KROMA_LOG_LEVEL?.trim() || 'info',
    maxConcurrentRuns: parseMaxConcurrentRuns(env.KROMA_MAX_CONCURRENT_RUNS),
  };
  if (!config.authEnforced && !isLoopback(config.bind.host) && !config.allowInsecureBind) {
    throw new ConfigError(
      `Refusing to serve without authentication on ${config.bind.host}, which is reachable from other machines. ` +
        'Either enforce tokens (KROMA_API_AUTH_DEV_BYPASS=0, then mint one with POST /auth/token from this machine), ' +
        'bind to 127.0.0.1, or accept the risk explicitly with KROMA_ALLOW_INSECURE_BIND=1.',
    );
  }
  return config;
}

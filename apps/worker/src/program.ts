import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { findAppRoot } from '@kroma/db';
import { openDirectBackend } from './backend/direct.js';
import { openHttpBackend } from './backend/http.js';
import type { TWorkerBackend } from './backend/types.js';
import { WorkerLoop } from './loop/worker-loop.js';
import {
  clampedInteger,
  clampedNumber,
  DEFAULT_SERVER_URL,
  DEFAULT_SETTINGS,
  presentText,
  SETTING_MINIMUMS as MIN,
  settingsFromFlags,
  type TWorkerFlags,
} from './options.js';
import { errorLine } from './util/redact.js';

export interface TWorkerIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface TRunWorkerOptions {
  /** Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Where the app root is looked for (default the working directory). */
  cwd?: string;
  io?: TWorkerIo;
  /** Aborting it is a graceful stop, like SIGTERM. */
  stopSignal?: AbortSignal;
  /** Stop on SIGINT / SIGTERM (a second signal releases the current instruction at once). The executable does. */
  handleSignals?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const processIo: TWorkerIo = { stdout: (text) => void process.stdout.write(text), stderr: (text) => void process.stderr.write(text) };

const httpUrl = (value: string): string => {
  const url = value.trim();
  if (!/^https?:\/\/[^/]/i.test(url)) throw new InvalidArgumentError('expected an http:// or https:// URL.');
  return url;
};

/** Flag defaults are shown in `--help`; tokens are read from the environment afterwards so they never are. */
export function buildWorkerProgram(io: TWorkerIo): Command {
  return new Command('kroma-worker')
    .description('Claims confirmed agent instructions and carries them out: pipeline runs, QA and S3 sync here, the rest through the agent API')
    .addOption(new Option('--poll-interval-seconds <s>', 'sleep when nothing is claimable (≥ 0.1)').argParser(clampedNumber(MIN.pollIntervalSeconds)).default(DEFAULT_SETTINGS.pollIntervalSeconds))
    .addOption(new Option('--max-locked-seconds <s>', 'lock age after which another worker may reclaim (≥ 1)').argParser(clampedNumber(MIN.maxLockedSeconds)).default(DEFAULT_SETTINGS.maxLockedSeconds))
    .addOption(new Option('--default-max-attempts <n>', 'attempts when the instruction sets none (≥ 1)').argParser(clampedInteger(MIN.defaultMaxAttempts)).default(DEFAULT_SETTINGS.defaultMaxAttempts))
    .addOption(new Option('--retry-backoff-seconds <s>', 'linear retry backoff base: next try after base × attempts (≥ 1)').argParser(clampedNumber(MIN.retryBackoffSeconds)).default(DEFAULT_SETTINGS.retryBackoffSeconds))
    .addOption(new Option('--dispatch-timeout <s>', 'per agent HTTP request (≥ 0.1)').argParser(clampedNumber(MIN.dispatchTimeoutSeconds)).default(DEFAULT_SETTINGS.dispatch.timeoutSeconds))
    .addOption(new Option('--dispatch-retries <n>', 'extra agent HTTP tries inside one attempt (≥ 0)').argParser(clampedInteger(MIN.dispatchRetries)).default(DEFAULT_SETTINGS.dispatch.retries))
    .addOption(new Option('--dispatch-backoff-seconds <s>', 'sleep after failed try n: backoff × n (≥ 0.1)').argParser(clampedNumber(MIN.dispatchBackoffSeconds)).default(DEFAULT_SETTINGS.dispatch.backoffSeconds))
    .option('--worker-id <id>', 'written to the lock (default worker-<8 hex>)')
    .option('--once', 'process at most one instruction, or exit when none is claimable')
    .option('--agent-api-url <url>', "agent API (default IAT_AGENT_API_URL, then the project's agent_api/url secret)")
    .option('--agent-api-token <token>', "bearer token for it (default IAT_AGENT_API_TOKEN, then the project's agent_api/token secret)")
    .addOption(new Option('--server-url <url>', 'the Kroma server to work for').argParser(httpUrl).default(DEFAULT_SERVER_URL))
    .option('--token <token>', 'API token for the server (default KROMA_API_TOKEN)')
    .option('--db <path>', 'work on this SQLite file directly instead of a server (relative → app root)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
}

/** Runs `kroma-worker <argv>` to its end; prints `{ok, worker_id, processed}` and returns the exit code. */
export async function runWorker(argv: string[], options: TRunWorkerOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  const env = options.env ?? process.env;
  const program = buildWorkerProgram(io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw error;
  }
  const flags = program.opts<TWorkerFlags>();
  if (flags.db !== undefined && program.getOptionValueSource('serverUrl') === 'cli') {
    io.stderr('kroma-worker: --db and --server-url cannot be combined\n');
    return EXIT_USAGE;
  }
  const settings = settingsFromFlags(flags, env);
  const appRoot = findAppRoot(options.cwd ?? process.cwd(), env);
  const log = (message: string) => io.stderr(`kroma-worker: ${message}\n`);
  let backend: TWorkerBackend;
  try {
    const dbPath = presentText(flags.db);
    backend =
      dbPath === undefined
        ? openHttpBackend({ url: flags.serverUrl, ...tokenOf(flags, env) }, appRoot, env)
        : await openDirectBackend(existingDatabase(resolve(appRoot, dbPath)), appRoot, env);
  } catch (error) {
    io.stdout(`${JSON.stringify({ ok: false, worker_id: settings.workerId, processed: 0, error: errorLine(error) })}\n`);
    return EXIT_FAILURE;
  }
  const loop = new WorkerLoop({ backend, settings, env, log });
  const stop = () => loop.stop();
  options.stopSignal?.addEventListener('abort', stop, { once: true });
  if (options.handleSignals === true) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
  log(`${settings.workerId} working on ${backend.describe}`);
  try {
    const summary = await loop.run();
    io.stdout(`${JSON.stringify({ ok: true, worker_id: summary.workerId, processed: summary.processed })}\n`);
    return EXIT_OK;
  } catch (error) {
    io.stdout(`${JSON.stringify({ ok: false, worker_id: settings.workerId, processed: loop.processedCount, error: errorLine(error) })}\n`);
    return EXIT_FAILURE;
  } finally {
    options.stopSignal?.removeEventListener('abort', stop);
    if (options.handleSignals === true) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, stop);
    await backend.close();
  }
}

/** A mistyped `--db` must not quietly create (and then poll) an empty database. */
function existingDatabase(path: string): string {
  if (!existsSync(path)) throw new Error(`database file not found: ${path}`);
  return path;
}

function tokenOf(flags: TWorkerFlags, env: NodeJS.ProcessEnv): { token?: string } {
  const token = presentText(flags.token) ?? presentText(env.KROMA_API_TOKEN);
  return token === undefined ? {} : { token };
}

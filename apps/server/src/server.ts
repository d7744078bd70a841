import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { openStore, type KromaStore } from '@kroma/db';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { DEFAULT_MAX_CONCURRENT_RUNS, isLoopback, type TServerConfig } from './config.js';
import { createLogger } from './logger.js';
import { RunService } from './runs/run-service.js';

export const SERVER_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export interface TRunningServer {
  url: string;
  port: number;
  store: KromaStore;
  logger: Logger;
  runs: RunService;
  close(): Promise<void>;
}

export interface TStartOptions {
  logger?: Logger;
  /** The environment runs read (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_IMAGE_*`, …); default process.env. */
  env?: NodeJS.ProcessEnv;
  responseValidation?: boolean;
}

/**
 * Opens (and migrates) the database, marks runs a stopped server left in flight `interrupted`, then listens.
 * `close()` stops accepting, stops the runs in flight (recorded `interrupted`), drains, and closes the database.
 */
export async function startServer(config: TServerConfig, options: TStartOptions = {}): Promise<TRunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore({ path: config.dbPath, appRoot: config.appRoot });
  const runs = new RunService({
    store,
    env: options.env ?? process.env,
    logger,
    maxConcurrentRuns: config.maxConcurrentRuns ?? DEFAULT_MAX_CONCURRENT_RUNS,
  });
  const interrupted = await runs.recover();
  if (interrupted.length > 0) logger.warn({ runs: interrupted }, 'runs left in flight by a stopped server marked interrupted');
  const app = createApp({
    store,
    logger,
    runs,
    version: SERVER_VERSION,
    responseValidation: options.responseValidation,
    auth: { enforced: config.authEnforced, firstTokenBootstrap: config.firstTokenBootstrap && isLoopback(config.bind.host) },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.bind.port, config.bind.host, () => resolve(listening));
    listening.once('error', reject);
  });
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  const host = config.bind.host.includes(':') ? `[${config.bind.host}]` : config.bind.host;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    logger,
    runs,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Runs end (and with them their event streams) before the connections drain and the database closes.
      await runs.shutdown();
      server.closeIdleConnections();
      await closed;
      await store.close();
    },
  };
}

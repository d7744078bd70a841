import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { openStore, type KromaStore } from '@kroma/db';
import type { Logger } from 'pino';
import { createApp } from './app.js';
import { isLoopback, type TServerConfig } from './config.js';
import { createLogger } from './logger.js';
import type { TPipelineRunner } from './pipeline-runner.js';

export const SERVER_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export interface TRunningServer {
  url: string;
  port: number;
  store: KromaStore;
  logger: Logger;
  close(): Promise<void>;
}

export interface TStartOptions {
  logger?: Logger;
  pipeline?: TPipelineRunner;
  responseValidation?: boolean;
}

/** Opens (and migrates) the database, then listens. `close()` stops accepting, drains, and closes the database. */
export async function startServer(config: TServerConfig, options: TStartOptions = {}): Promise<TRunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore({ path: config.dbPath, appRoot: config.appRoot });
  const app = createApp({
    store,
    logger,
    version: SERVER_VERSION,
    responseValidation: options.responseValidation,
    pipeline: options.pipeline,
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
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await store.close();
    },
  };
}

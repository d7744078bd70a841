#!/usr/bin/env node
import { findAppRoot, loadAppRootEnv } from '@kroma/db';
import { ConfigError, loadServerConfig } from './config.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  // Like the CLI: `<app root>/.env` fills what the environment leaves unset (OPENAI_API_KEY for runs, KROMA_*).
  loadAppRootEnv(findAppRoot(process.cwd(), process.env), process.env);
  const config = loadServerConfig();
  const server = await startServer(config);
  server.logger.info(
    { url: server.url, db: config.dbPath, auth: config.authEnforced ? 'enforced' : 'bypassed (dev)' },
    'kroma server listening',
  );
  const stop = (signal: string) => {
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`kroma server: ${message}\n`);
  process.exit(1);
});

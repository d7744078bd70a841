import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type TRunningServer } from '@kroma/server';

export interface TTestServer {
  url: string;
  dir: string;
  server: TRunningServer;
  /** JSON request against the server; throws on a non-200 answer. */
  call<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** The real server on a loopback port over a real SQLite file in a fresh temp folder (its app root). */
export async function startTestServer(options: { env?: NodeJS.ProcessEnv; authEnforced?: boolean } = {}): Promise<TTestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kroma-worker-server-'));
  const server = await startServer(
    {
      bind: { host: '127.0.0.1', port: 0 },
      dbPath: join(dir, 'var/backend/app.db'),
      appRoot: dir,
      authEnforced: options.authEnforced ?? false,
      firstTokenBootstrap: true,
      allowInsecureBind: false,
      logLevel: 'silent',
      maxConcurrentRuns: 2,
    },
    { responseValidation: true, env: options.env ?? {} },
  );
  return {
    url: server.url,
    dir,
    server,
    async call(method, path, body) {
      const response = await fetch(server.url + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${method} ${path}: HTTP ${response.status}: ${text}`);
      return JSON.parse(text);
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

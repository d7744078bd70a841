import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startServer, type TRunningServer } from '../../src/index.js';

export interface TApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TTestServer {
  url: string;
  dir: string;
  server: TRunningServer;
  /** JSON request; `body` is sent as JSON with `Content-Type: application/json` unless `raw` is given. */
  api<T = any>(
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string; headers?: Record<string, string>; token?: string },
  ): Promise<TApiResponse<T>>;
  close(): Promise<void>;
}

export interface TTestServerOptions {
  authEnforced?: boolean;
  firstTokenBootstrap?: boolean;
  /** Reuse a directory (and so the database) from an earlier server. */
  dir?: string;
  /** What runs read (OPENAI_*); default `{}`, so the developer's own key never reaches a test. */
  env?: NodeJS.ProcessEnv;
  maxConcurrentRuns?: number;
}

/** The real server on a loopback port over a real SQLite file in a fresh temp directory. */
export async function startTestServer(options: TTestServerOptions = {}): Promise<TTestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kroma-server-test-'));
  const server = await startServer(
    {
      bind: { host: '127.0.0.1', port: 0 },
      dbPath: join(dir, 'var/backend/app.db'),
      appRoot: dir,
      authEnforced: options.authEnforced ?? false,
      firstTokenBootstrap: options.firstTokenBootstrap ?? true,
      allowInsecureBind: false,
      logLevel: 'silent',
      maxConcurrentRuns: options.maxConcurrentRuns ?? 2,
    },
    { logger: pino({ level: 'silent' }), responseValidation: true, env: options.env ?? {} },
  );
  return {
    url: server.url,
    dir,
    server,
    async api(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      let payload: string | undefined;
      if (opts.raw !== undefined) payload = opts.raw;
      else if (opts.body !== undefined) {
        payload = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const response = await fetch(server.url + path, { method, headers, body: payload });
      const text = await response.text();
      let body: any;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: response.status, headers: response.headers, body, text };
    },
    async close() {
      await server.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a project and returns its slug and id. */
export async function createProject(t: TTestServer, name = 'Alpha Project', extra: Record<string, unknown> = {}) {
  const res = await t.api('POST', '/api/projects', { body: { name, ...extra } });
  if (res.status !== 200) throw new Error(`project create failed: ${res.text}`);
  return res.body.project as { id: string; slug: string; name: string };
}

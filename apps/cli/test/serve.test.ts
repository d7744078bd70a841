import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, type TTempApp } from './helpers.js';

async function waitFor<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('kroma serve', () => {
  let app: TTempApp;
  beforeEach(() => {
    app = makeTempApp();
  });
  afterEach(() => app.remove());

  it('starts the server on a free port, answers /health, and stops cleanly', async () => {
    app.env.KROMA_BACKEND_BIND = '127.0.0.1:0';
    app.env.KROMA_BACKEND_DB = join(app.appRoot, 'var/test.db');
    app.env.KROMA_LOG_LEVEL = 'silent';
    let stdout = '';
    const stop = new AbortController();
    const { runCli } = await import('../src/index.js');
    const io = { stdout: (text: string) => void (stdout += text), stderr: () => undefined, isTty: false };
    const running = runCli(['serve'], { io, env: app.env, cwd: app.appRoot, stopSignal: stop.signal });

    const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1]);
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, status: 'ok', service: 'kroma-backend-core' });

    stop.abort();
    expect(await running).toBe(0);
    expect(stdout).toContain('Stopping (stop)');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('exits 1 with the configuration error of a bad bind address', async () => {
    app.env.KROMA_BACKEND_BIND = 'localhost';
    const result = await kroma(app, ['serve']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('KROMA_BACKEND_BIND must be IP:port');
  });
});

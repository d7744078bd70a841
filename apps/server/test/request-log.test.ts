import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TRunningServer } from '../src/index.js';

const lines: string[] = [];
let server: TRunningServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kroma-log-test-'));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  server = await startServer(
    {
      bind: { host: '127.0.0.1', port: 0 },
      dbPath: join(dir, 'app.db'),
      appRoot: dir,
      authEnforced: true,
      firstTokenBootstrap: true,
      allowInsecureBind: false,
      logLevel: 'info',
    },
    { logger: pino({ level: 'info' }, sink) },
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('request log', () => {
  it('writes one line per request (method, path, status, ms) and never a token', async () => {
    const minted = await fetch(`${server.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'log test' }),
    });
    const { auth_token } = (await minted.json()) as { auth_token: { token: string } };
    await fetch(`${server.url}/auth/tokens?probe=1`, { headers: { authorization: `Bearer ${auth_token.token}` } });
    await fetch(`${server.url}/nope`);
    await new Promise((r) => setTimeout(r, 50));

    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/auth/token', 200],
      ['GET', '/auth/tokens', 200],
      ['GET', '/nope', 404],
    ]);
    for (const r of requests) expect(typeof r.ms).toBe('number');
    const all = lines.join('\n');
    expect(all).not.toContain(auth_token.token);
    expect(all).not.toContain(auth_token.token.slice(12));
    expect(all).not.toContain('probe=1');
  });
});

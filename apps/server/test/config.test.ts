import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '@kroma/db';
import { ConfigError, loadServerConfig, parseBind } from '../src/index.js';

const run = promisify(execFile);
const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(serverDir, '../..');

describe('server configuration', () => {
  it('defaults: 127.0.0.1:8788, var/backend/app.db under the checkout root, auth bypassed', () => {
    const config = loadServerConfig({}, serverDir);
    expect(config.bind).toEqual({ host: '127.0.0.1', port: 8788 });
    expect(config.appRoot).toBe(repoRoot);
    expect(config.dbPath).toBe(join(repoRoot, 'var/backend/app.db'));
    expect(config.authEnforced).toBe(false);
  });

  it('reads KROMA_API_AUTH_DEV_BYPASS like the original', () => {
    for (const value of ['1', 'true', ' YES ', 'on']) {
      expect(loadServerConfig({ KROMA_API_AUTH_DEV_BYPASS: value }, serverDir).authEnforced).toBe(false);
    }
    for (const value of ['', '0', 'false', 'off']) {
      expect(loadServerConfig({ KROMA_API_AUTH_DEV_BYPASS: value }, serverDir).authEnforced).toBe(true);
    }
  });

  it('accepts IP:port only', () => {
    expect(parseBind('0.0.0.0:9000')).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(parseBind('[::1]:8788')).toEqual({ host: '::1', port: 8788 });
    for (const bad of ['localhost:8788', '127.0.0.1', '127.0.0.1:99999', ':8788', 'x']) {
      expect(() => parseBind(bad), bad).toThrow(/KROMA_BACKEND_BIND must be IP:port/);
    }
  });

  it('reads KROMA_MAX_CONCURRENT_RUNS (default 2, 1..64)', () => {
    expect(loadServerConfig({}, serverDir).maxConcurrentRuns).toBe(2);
    expect(loadServerConfig({ KROMA_MAX_CONCURRENT_RUNS: ' 5 ' }, serverDir).maxConcurrentRuns).toBe(5);
    for (const bad of ['0', '-1', '2.5', 'many', '65']) {
      expect(() => loadServerConfig({ KROMA_MAX_CONCURRENT_RUNS: bad }, serverDir), bad).toThrow(/KROMA_MAX_CONCURRENT_RUNS must be an integer between 1 and 64/);
    }
  });

  it('refuses KROMA_BACKEND_DB_URL with a clear message', () => {
    expect(() => loadServerConfig({ KROMA_BACKEND_DB_URL: 'postgres://x' }, serverDir)).toThrow(ConfigError);
    expect(() => loadServerConfig({ KROMA_BACKEND_DB_URL: 'postgres://x' }, serverDir)).toThrow(/PostgreSQL/);
    expect(loadServerConfig({ KROMA_BACKEND_DB_URL: '  ' }, serverDir).dbPath).toMatch(/app\.db$/);
  });

  it('refuses to serve without auth on a non-loopback address unless opted in', () => {
    expect(() => loadServerConfig({ KROMA_BACKEND_BIND: '0.0.0.0:8788' }, serverDir)).toThrow(/KROMA_ALLOW_INSECURE_BIND=1/);
    expect(loadServerConfig({ KROMA_BACKEND_BIND: '0.0.0.0:8788', KROMA_ALLOW_INSECURE_BIND: '1' }, serverDir).bind.host).toBe('0.0.0.0');
    expect(loadServerConfig({ KROMA_BACKEND_BIND: '0.0.0.0:8788', KROMA_API_AUTH_DEV_BYPASS: '0' }, serverDir).authEnforced).toBe(true);
  });

  it('finds the checkout root by walking up, else uses the folder itself', () => {
    expect(findAppRoot(join(repoRoot, 'packages/db/src'))).toBe(repoRoot);
    const outside = mkdtempSync(join(tmpdir(), 'kroma-root-'));
    expect(findAppRoot(outside)).toBe(outside);
    rmSync(outside, { recursive: true });
  });
});

describe('node apps/server/dist/main.js', () => {
  const main = join(serverDir, 'dist/main.js');

  it('is built (the test command builds before testing)', () => {
    expect(existsSync(main), `${main} missing: run the build first`).toBe(true);
  });

  it('starts, creates the database folder, serves /health, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kroma-main-'));
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, KROMA_BACKEND_BIND: '127.0.0.1:0', KROMA_APP_ROOT: dir, KROMA_BACKEND_DB: 'nested/deeper/app.db', KROMA_API_AUTH_DEV_BYPASS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /"url":"(http:\/\/[^"]+)"/.exec(out);
          if (match?.[1]) resolveUrl(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
        setTimeout(() => reject(new Error(`no listening line: ${out}`)), 10_000);
      });
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(existsSync(join(dir, 'nested/deeper/app.db'))).toBe(true);
      const denied = await fetch(`${url}/auth/tokens`, { headers: { authorization: 'Bearer kroma_x' } });
      expect(denied.status).toBe(401);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 with the reason when the configuration is wrong', async () => {
    const failure = await run(process.execPath, [main], { env: { ...process.env, KROMA_BACKEND_DB_URL: 'postgres://db/kroma' } }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/^kroma server: KROMA_BACKEND_DB_URL is set/);
  });
});

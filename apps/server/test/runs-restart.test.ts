import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TFakeOpenAIServer } from '@kroma/adapters/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTERRUPTED_REASON } from '../src/index.js';
import { runEnv, startFakeOpenAI, writeScenes } from './support/runs.js';

// The BUILT server: a real process that can be killed; the test command builds before it tests.
const SERVER_MAIN = resolve(fileURLToPath(import.meta.url), '../../dist/main.js');
const BASE = '/api/projects/restart_demo';

interface TChild {
  process: ChildProcess;
  url: string;
}

/** Starts dist/main.js on a free loopback port over `dir`; resolves with its URL once it listens. */
async function startBuiltServer(dir: string, env: NodeJS.ProcessEnv): Promise<TChild> {
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { PATH: process.env.PATH, ...env, KROMA_APP_ROOT: dir, KROMA_BACKEND_BIND: '127.0.0.1:0', KROMA_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no listening line within 10 s: ${out}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited early (${code}): ${out}`)));
  });
  return { process: child, url };
}

async function api(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers = body === undefined ? undefined : { 'content-type': 'application/json' };
  const response = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

describe('the built server killed mid-run, then started again', () => {
  let dir: string;
  let fake: TFakeOpenAIServer;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kroma-server-restart-'));
    fake = await startFakeOpenAI(300);
  });
  afterEach(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks the run interrupted, and resume finishes it under the same id', async () => {
    expect(existsSync(SERVER_MAIN), `${SERVER_MAIN} does not exist: build the server first (turbo run build)`).toBe(true);
    const env = runEnv(fake);
    const first = await startBuiltServer(dir, env);
    children.push(first.process);
    expect((await api(first.url, 'POST', '/api/projects', { name: 'Restart Demo' })).status).toBe(200);
    await writeScenes(dir, 3);
    const started = await api(first.url, 'POST', `${BASE}/runs/trigger`, { mode: 'run', confirm_spend: true, candidates: 2, input: 'scenes' });
    expect(started.status).toBe(200);
    const runId: string = started.body.run_id;
    const deadline = Date.now() + 10_000;
    let run: any;
    do {
      run = (await api(first.url, 'GET', `${BASE}/runs/${runId}`)).body.run;
    } while (!(run.status === 'running' && run.progress.stage !== 'starting') && Date.now() < deadline);
    expect(run.status).toBe('running');
    first.process.kill('SIGKILL');
    await once(first.process, 'exit');

    const second = await startBuiltServer(dir, env);
    children.push(second.process);
    const after = (await api(second.url, 'GET', `${BASE}/runs/${runId}`)).body.run;
    expect(after).toMatchObject({ id: runId, status: 'interrupted', progress: { status: 'interrupted', error: INTERRUPTED_REASON } });
    const resumed = await api(second.url, 'POST', `${BASE}/runs/${runId}/resume`, { confirm_spend: true, wait: true });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ run_id: runId, run: { id: runId, status: 'ok', progress: { status: 'ok' } } });
    const jobs = (await api(second.url, 'GET', `${BASE}/runs/${runId}/jobs`)).body.jobs;
    expect(jobs.map((job: any) => job.status)).toEqual(['done', 'done', 'done']);
    expect((await api(second.url, 'GET', `${BASE}/runs`)).body.count).toBe(1);
    second.process.kill('SIGTERM');
    const [code] = (await once(second.process, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 30_000);
});

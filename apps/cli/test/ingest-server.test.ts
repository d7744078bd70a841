import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeOpenAIImagesServer, type TFakeOpenAIServer } from '@kroma/adapters/testing';
import { loadServerConfig, startServer, type TRunningServer } from '@kroma/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, type TTempApp } from './helpers.js';

/** A real Kroma server on a loopback port over its own SQLite file in the temp app. */
async function startKroma(app: TTempApp, extraEnv: NodeJS.ProcessEnv = {}): Promise<TRunningServer> {
  const env = { ...app.env, KROMA_BACKEND_BIND: '127.0.0.1:0', KROMA_BACKEND_DB: 'var/server.db', KROMA_LOG_LEVEL: 'silent', ...extraEnv };
  return startServer(loadServerConfig(env, app.appRoot), { env });
}

async function api(server: TRunningServer, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('kroma ingest and run --ingest against a running server', () => {
  let app: TTempApp;
  let server: TRunningServer | undefined;
  beforeEach(async () => {
    app = makeTempApp();
    await writePng(join(app.appRoot, 'scenes/a.png'), { r: 120, g: 120, b: 120 });
    await writePng(join(app.appRoot, 'scenes/b.png'), { r: 90, g: 90, b: 90 });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    app.remove();
  });

  it('kroma ingest --server posts the log; the run is queryable and re-ingest keeps its id', async () => {
    server = await startKroma(app);
    expect((await api(server, 'POST', '/api/projects', { name: 'demo' })).status).toBe(200);
    const dry = await kroma(app, ['dry', '--project', 'demo', '--project-root', 'proj', '--input', 'scenes', '--json']);
    const { run_log_path: runLog, run_id: logRunId } = JSON.parse(dry.stdout) as { run_log_path: string; run_id: string };

    const first = await kroma(app, ['ingest', runLog, '--server', server.url, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ project_slug: 'demo', run_id: logRunId, run_log_path: runLog, jobs: 2, candidates: 2, status: 'ok' });

    const again = await kroma(app, ['ingest', runLog, '--server', `${server.url}/`]);
    expect(again.stdout).toMatch(new RegExp(`^Ingested ${runLog} into run ${logRunId} \\(ok\\): 2 jobs, 2 candidates`));
    const detail = await api(server, 'GET', `/api/projects/demo/runs/${logRunId}`);
    expect(detail.status).toBe(200);
    expect((detail.json.jobs as unknown[]).length).toBe(2);
  });

  it("a log with bad fields: exit 1 with the server's error text, and nothing is written", async () => {
    server = await startKroma(app);
    await api(server, 'POST', '/api/projects', { name: 'demo' });
    writeFileSync(join(app.projectRoot, 'bad.json'), JSON.stringify({ project: 'demo', mode: 'run', jobs: 'none' }));

    const result = await kroma(app, ['ingest', 'proj/bad.json', '--server', server.url]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^kroma: ingest failed on the server \(HTTP 400\): .*jobs/);
    const runs = await api(server, 'GET', '/api/projects/demo/runs');
    expect(runs.json.count).toBe(0);
  });

  it('sends the bearer token of KROMA_API_TOKEN when the server enforces tokens, and never prints it', async () => {
    server = await startKroma(app, { KROMA_API_AUTH_DEV_BYPASS: '0' });
    const minted = await api(server, 'POST', '/auth/token', { label: 'cli test' });
    const token = (minted.json.auth_token as { token: string }).token;
    await api(server, 'POST', '/api/projects', { name: 'demo' }, token);
    const dry = await kroma(app, ['dry', '--project', 'demo', '--project-root', 'proj', '--input', 'scenes', '--json']);
    const runLog = (JSON.parse(dry.stdout) as { run_log_path: string }).run_log_path;

    const refused = await kroma(app, ['ingest', runLog, '--server', server.url, '--token', 'kroma_wrong_secret']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^kroma: ingest failed on the server \(HTTP 401\)/);
    expect(refused.stderr).not.toContain('kroma_wrong_secret');

    app.env.KROMA_API_TOKEN = token;
    const accepted = await kroma(app, ['ingest', runLog, '--server', server.url]);
    expect(accepted.stderr).toBe('');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).not.toContain(token);
  });

  describe('run --ingest --server', () => {
    let fake: TFakeOpenAIServer;
    beforeEach(async () => {
      fake = await startFakeOpenAIImagesServer({ apiKey: 'sk-test' });
      app.env.OPENAI_API_KEY = 'sk-test';
      app.env.OPENAI_BASE_URL = fake.url;
    });
    afterEach(async () => fake.close());

    it('generates, then posts the finished log; the server answers the run with its jobs and candidates', async () => {
      server = await startKroma(app);
      await api(server, 'POST', '/api/projects', { name: 'demo' });

      const result = await kroma(app, ['run', '--project', 'demo', '--project-root', 'proj', '--input', 'scenes', '--candidates', '2', '--size', '1024x1024', '--confirm-spend', '--ingest', '--server', server.url, '--json']);

      expect(result.stderr).not.toContain('kroma:');
      expect(result.code).toBe(0);
      const printed = JSON.parse(result.stdout) as { run_id: string; run_log_path: string; ingest: Record<string, unknown> };
      expect(printed.ingest).toMatchObject({ run_id: printed.run_id, jobs: 2, candidates: 4, status: 'ok', cost_events_written: 4 });
      const detail = await api(server, 'GET', `/api/projects/demo/runs/${printed.run_id}`);
      const jobs = detail.json.jobs as { status: string; candidates: unknown[] }[];
      expect(jobs.map((job) => job.status)).toEqual(['done', 'done']);
      expect(jobs.flatMap((job) => job.candidates)).toHaveLength(4);
      const log = JSON.parse(readFileSync(join(app.appRoot, printed.run_log_path), 'utf8')) as { run_id: string };
      expect(log.run_id).toBe(printed.run_id);
    });
  });
});

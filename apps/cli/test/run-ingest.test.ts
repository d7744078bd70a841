import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeOpenAIImagesServer, type TFakeOpenAIServer } from '@kroma/adapters/testing';
import { getRunDetail, openStore } from '@kroma/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, type TTempApp } from './helpers.js';

interface TPrintedRun {
  ok: boolean;
  run_id: string;
  run_log_path: string;
  ingest: { run_id: string; run_log_path: string; jobs: number; candidates: number; status: string } | null;
  ingest_error?: string;
}

describe('kroma run --ingest into the database', () => {
  let app: TTempApp;
  let fake: TFakeOpenAIServer;
  beforeEach(async () => {
    app = makeTempApp();
    fake = await startFakeOpenAIImagesServer({ apiKey: 'sk-test' });
    app.env.OPENAI_API_KEY = 'sk-test';
    app.env.OPENAI_BASE_URL = fake.url;
    await writePng(join(app.appRoot, 'scenes/a.png'), { r: 120, g: 120, b: 120 });
    await writePng(join(app.appRoot, 'scenes/b.png'), { r: 90, g: 90, b: 90 });
  });
  afterEach(async () => {
    await fake.close();
    app.remove();
  });

  const runArgs = ['run', '--project', 'demo', '--project-root', 'proj', '--input', 'scenes', '--candidates', '2', '--size', '1024x1024', '--confirm-spend', '--ingest'];

  async function runDetail(runId: string) {
    const store = await openStore({ path: join(app.appRoot, 'var/backend/app.db'), appRoot: app.appRoot });
    try {
      return await getRunDetail(store, 'demo', runId);
    } finally {
      await store.close();
    }
  }

  it('writes the finished run, its jobs and candidates under the log run id (--json carries the result)', async () => {
    const result = await kroma(app, [...runArgs, '--json']);

    expect(result.stderr).not.toContain('kroma:');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as TPrintedRun;
    expect(printed.ok).toBe(true);
    expect(printed.ingest).toMatchObject({ run_id: printed.run_id, run_log_path: printed.run_log_path, jobs: 2, candidates: 4, status: 'ok' });
    const detail = await runDetail(printed.run_id);
    expect(detail.run.run_mode).toBe('run');
    expect(detail.jobs.map((job) => job.status)).toEqual(['done', 'done']);
    expect(detail.jobs.flatMap((job) => job.candidates)).toHaveLength(4);
  });

  it('prints one ingest line after the protocol in text mode', async () => {
    const result = await kroma(app, runArgs);

    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(/^KROMA_PIPELINE_SUMMARY_JSON: /);
    expect(lines.at(-1)).toMatch(/^Ingested proj\/runs\/run_.*\.json into run [0-9a-f-]{36} \(ok\): 2 jobs, 4 candidates, \d+ assets, 5 quality reports, 4 cost events$/);
  });

  it('ingests a run whose jobs failed QA too, and still exits 1', async () => {
    fake.setColor({ r: 220, g: 30, b: 30 });

    const result = await kroma(app, [...runArgs, '--enforce-grayscale', '--json']);

    expect(result.code).toBe(1);
    const printed = JSON.parse(result.stdout) as TPrintedRun;
    expect(printed.ingest?.status).toBe('failed');
    expect((await runDetail(printed.run_id)).jobs.map((job) => job.status)).toEqual(['failed_output_guard', 'failed_output_guard']);
  });

  it('a run stopped by the cost cap still has its log ingested (reported on stderr), then exits 1', async () => {
    const result = await kroma(app, [...runArgs, '--max-cost', '0.01', '--json']);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const ingested = /kroma: Ingested (\S+) into run ([0-9a-f-]{36}) \((\w+)\)/.exec(result.stderr);
    expect(ingested?.[3]).toBe('canceled');
    expect(result.stderr).toMatch(/cost cap/i);
    const detail = await runDetail(ingested?.[2] ?? '');
    expect(detail.jobs.map((job) => job.status)).toEqual(['canceled', 'canceled']);
  });

  it('refuses --server without --ingest, and a --server that is not an http URL, before any paid call', async () => {
    const withoutIngest = await kroma(app, ['run', '--project', 'demo', '--project-root', 'proj', '--input', 'scenes', '--confirm-spend', '--server', 'http://127.0.0.1:9']);
    expect(withoutIngest.code).toBe(2);
    expect(withoutIngest.stderr).toContain('--server and --token need --ingest');

    const badUrl = await kroma(app, [...runArgs, '--server', 'ftp://example']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain("--server must be an http(s) URL, got 'ftp://example'");
    expect(fake.calls).toHaveLength(0);
  });

  it('an unreachable server fails the ingest with exit 1; the run and its log stay', async () => {
    app.env.KROMA_SERVER_URL = 'http://127.0.0.1:9';

    const result = await kroma(app, [...runArgs, '--json']);

    expect(result.code).toBe(1);
    const printed = JSON.parse(result.stdout) as TPrintedRun;
    expect(printed).toMatchObject({ ok: false, ingest: null });
    expect(printed.ingest_error).toContain('cannot reach the server at http://127.0.0.1:9');
    expect(result.stderr).toContain('kroma: cannot reach the server');
    expect(fake.calls).toHaveLength(4);
    expect(existsSync(join(app.appRoot, printed.run_log_path))).toBe(true);
    // KROMA_SERVER_URL sends `kroma ingest` to the server as well.
    const again = await kroma(app, ['ingest', printed.run_log_path]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('kroma: cannot reach the server at http://127.0.0.1:9');
  });
});

import { join } from 'node:path';
import { getRunDetail, listProjects, openStore } from '@kroma/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, type TTempApp } from './helpers.js';

describe('kroma ingest', () => {
  let app: TTempApp;
  beforeEach(async () => {
    app = makeTempApp();
    await writePng(join(app.appRoot, 'scenes/a.png'), { r: 120, g: 120, b: 120 });
    await writePng(join(app.appRoot, 'scenes/b.png'), { r: 90, g: 90, b: 90 });
  });
  afterEach(() => app.remove());

  it('writes a dry run log into the database, idempotently and with a stable run id', async () => {
    const dry = await kroma(app, ['dry', '--project', 'demo', '--project-root', 'proj', '--input', 'scenes', '--json']);
    expect(dry.code).toBe(0);
    const runLog = (JSON.parse(dry.stdout) as { run_log_path: string }).run_log_path;

    const first = await kroma(app, ['ingest', runLog, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ project_slug: 'demo', run_log_path: runLog, jobs: 2, candidates: 2, quality_reports_written: 3, status: 'ok' });

    const again = await kroma(app, ['ingest', runLog, '--json']);
    expect((JSON.parse(again.stdout) as { run_id: string }).run_id).toBe(result.run_id);

    const text = await kroma(app, ['ingest', runLog]);
    expect(text.stdout).toMatch(/^Ingested proj\/runs\/run_.*\.json into run [0-9a-f-]+ \(ok\): 2 jobs, 2 candidates/);

    const store = await openStore({ path: join(app.appRoot, 'var/backend/app.db'), appRoot: app.appRoot });
    try {
      expect((await listProjects(store, {})).map((p) => p.slug)).toEqual(['demo']);
      const detail = await getRunDetail(store, 'demo', result.run_id as string);
      expect(detail.run.run_mode).toBe('dry');
      expect(detail.jobs).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('fails with the reason when the run log is not one', async () => {
    const missing = await kroma(app, ['ingest', 'proj/runs/nope.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toBe('');
  });
});

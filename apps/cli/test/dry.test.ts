import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZRunLogSchema } from '@kroma/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, writeText, type TTempApp } from './helpers.js';

const MARKER = 'KROMA_PIPELINE_SUMMARY_JSON: ';

describe('kroma dry', () => {
  let app: TTempApp;
  beforeEach(async () => {
    app = makeTempApp();
    await writePng(join(app.appRoot, 'scenes/a.png'), { r: 120, g: 120, b: 120 });
    await writePng(join(app.appRoot, 'scenes/b.png'), { r: 90, g: 90, b: 90 });
    await writePng(join(app.appRoot, 'style/anchor.png'), { r: 10, g: 10, b: 10 });
  });
  afterEach(() => app.remove());

  it('writes a valid planned run log and prints the estimate and the stdout protocol', async () => {
    const result = await kroma(app, [
      'dry',
      '--project', 'Demo',
      '--project-root', 'proj',
      '--input', 'scenes',
      '--style-refs', 'style/anchor.png',
      '--candidates', '2',
      '--stage', 'time',
      '--time', 'night',
    ]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    // 2 jobs × 2 candidates = 4 calls at $0.25 + $0.03 allowance.
    expect(lines[0]).toBe('Estimated cost: $1.12 (4 image calls: 4 generation + 0 refine)');
    const runLogLine = lines[2] ?? '';
    expect(runLogLine).toMatch(/^Run log: proj\/runs\/run_\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.json$/);
    const runLogPath = runLogLine.slice('Run log: '.length);
    expect(lines.slice(3, 6)).toEqual(['Project: demo', 'Project root: proj', 'Jobs: 2 (dry/planned)']);
    const markerLine = lines[6] ?? '';
    expect(markerLine.startsWith(MARKER)).toBe(true);
    expect(JSON.parse(markerLine.slice(MARKER.length))).toEqual({
      run_log_path: runLogPath,
      project_slug: 'demo',
      project_root: 'proj',
      jobs: 2,
      mode: 'dry',
    });
    expect(lines).toHaveLength(7);

    const log = ZRunLogSchema.parse(JSON.parse(readFileSync(join(app.appRoot, runLogPath), 'utf8')));
    expect(log.mode).toBe('dry');
    expect(log.project).toBe('demo');
    expect(log.stage).toBe('time');
    expect(log.generation).toEqual({ candidates: 2, max_candidates: 6 });
    expect(log.jobs.map((job) => [job.id, job.status, job.input_images])).toEqual([
      ['time_1_a', 'planned', ['scenes/a.png', 'style/anchor.png']],
      ['time_2_b', 'planned', ['scenes/b.png', 'style/anchor.png']],
    ]);
    expect(log.jobs[0]?.prompt).toContain('Night scene');
  });

  it('prints one JSON object with --json and honours the layered settings', async () => {
    writeText(join(app.appRoot, 'settings/pipeline.settings.json'), JSON.stringify({ postprocess: { upscale: true } }));
    writeText(join(app.projectRoot, '.kroma/pipeline.settings.json'), JSON.stringify({ postprocess: { upscale_backend: 'ncnn' } }));

    const result = await kroma(app, ['dry', '--project', 'demo', '--project-root', 'proj', '--scene-refs', 'scenes/a.png', '--json', '--post-color']);

    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0] ?? '') as Record<string, unknown> & { run_log_path: string; estimate: { total_usd: number } };
    expect(printed).toMatchObject({ ok: true, project_slug: 'demo', project_root: 'proj', jobs: 1, mode: 'dry' });
    expect(printed.estimate.total_usd).toBe(0.28);
    const log = ZRunLogSchema.parse(JSON.parse(readFileSync(join(app.appRoot, printed.run_log_path), 'utf8')));
    expect(log.postprocess).toMatchObject({ upscale: true, upscale_backend: 'ncnn', color: true, color_profile: 'neutral', bg_remove: false });
    expect(log.postprocess.pipeline_order).toEqual(['generate', 'upscale', 'color']);
  });

  it('takes model, size and quality from the environment and .env without overriding set variables', async () => {
    writeText(join(app.appRoot, '.env'), '# defaults\nOPENAI_IMAGE_SIZE=1536x1024\nexport OPENAI_IMAGE_QUALITY="low"\n');
    app.env.OPENAI_IMAGE_SIZE = '1024x1024';

    const result = await kroma(app, ['dry', '--project', 'demo', '--project-root', 'proj', '--scene-refs', 'scenes/a.png', '--json']);

    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { run_log_path: string; estimate: { total_usd: number } };
    const log = ZRunLogSchema.parse(JSON.parse(readFileSync(join(app.appRoot, printed.run_log_path), 'utf8')));
    expect([log.model, log.size, log.quality]).toEqual(['gpt-image-1', '1024x1024', 'low']);
    expect(app.env.OPENAI_IMAGE_QUALITY).toBe('low');
    expect(printed.estimate.total_usd).toBe(0.041);
  });

  it('exits 1 when the batch exceeds the safe batch limit', async () => {
    const result = await kroma(app, ['dry', '--project', 'demo', '--project-root', 'proj', '--input', 'scenes', '--safe-batch-limit', '1']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2 jobs exceed the safe batch limit of 1');
    expect(result.stdout).toBe('');
  });

  it('exits 2 when the project root can be found neither from a flag nor from the database', async () => {
    const result = await kroma(app, ['dry', '--project', 'demo', '--scene-refs', 'scenes/a.png']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot find project "demo" in the database');
    expect(result.stderr).toContain('--project-root');
  });
});

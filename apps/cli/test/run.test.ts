import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeOpenAIImagesServer, type TFakeOpenAIServer } from '@kroma/adapters/testing';
import { ZRunLogSchema } from '@kroma/contract';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, type TTempApp } from './helpers.js';

const MARKER = 'KROMA_PIPELINE_SUMMARY_JSON: ';

describe('kroma run against a local OpenAI images server', () => {
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

  const runArgs = ['run', '--project', 'demo', '--project-root', 'proj', '--input', 'scenes', '--candidates', '2', '--size', '1024x1024'];

  it('generates every candidate, writes the run log and prints the estimate and the protocol', async () => {
    const result = await kroma(app, [...runArgs, '--confirm-spend']);

    expect(result.code).toBe(0);
    expect(fake.calls).toHaveLength(4);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Estimated cost: $0.79 (4 image calls: 4 generation + 0 refine)');
    expect(lines.slice(3, 6)).toEqual(['Project: demo', 'Project root: proj', 'Jobs: 2 (run/completed)']);
    const marker = JSON.parse((lines[6] ?? '').slice(MARKER.length)) as { run_log_path: string; mode: string };
    expect(marker.mode).toBe('run');
    expect(result.stderr).toContain('Progress: jobs 2/2, candidates 4/4');

    const log = ZRunLogSchema.parse(JSON.parse(readFileSync(join(app.appRoot, marker.run_log_path), 'utf8')));
    expect(log.mode).toBe('run');
    expect(log.jobs.map((job) => job.status)).toEqual(['done', 'done']);
    expect(log.cost_events).toHaveLength(4);
    for (const job of log.jobs) expect(existsSync(join(app.appRoot, String(job.final_output)))).toBe(true);
  });

  it('--post-upscale uses the built-in sharp upscaler by default: no external tool needed', async () => {
    const result = await kroma(app, ['run', '--project', 'demo', '--project-root', 'proj', '--scene-refs', 'scenes/a.png', '--candidates', '1', '--size', '1024x1024', '--post-upscale', '--confirm-spend', '--json']);

    expect(result.stderr).not.toContain('kroma:');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { run_log_path: string };
    const log = ZRunLogSchema.parse(JSON.parse(readFileSync(join(app.appRoot, printed.run_log_path), 'utf8')));
    expect(log.postprocess).toMatchObject({ upscale: true, upscale_backend: 'sharp', pipeline_order: ['generate', 'upscale'] });
    const candidate = log.jobs[0]?.candidates?.[0];
    expect(candidate?.upscale).toMatchObject({ backend: 'sharp', scale: 2 });
    const raw = await sharp(join(app.appRoot, String(candidate?.output))).metadata();
    const upscaled = await sharp(join(app.appRoot, String(log.jobs[0]?.final_output))).metadata();
    expect(log.jobs[0]?.final_output).toMatch(/^proj\/upscaled\/.*_x2\.png$/);
    expect([upscaled.width, upscaled.height]).toEqual([(raw.width ?? 0) * 2, (raw.height ?? 0) * 2]);
  });

  it('exits 1 after printing the protocol when a job fails the output guard', async () => {
    fake.setColor({ r: 220, g: 30, b: 30 });

    const result = await kroma(app, [...runArgs, '--confirm-spend', '--enforce-grayscale', '--json']);

    expect(result.code).toBe(1);
    const printed = JSON.parse(result.stdout) as { ok: boolean; run_log_path: string; failed_jobs: string[] };
    expect(printed.ok).toBe(false);
    expect(printed.failed_jobs).toEqual(['style_1_a', 'style_2_b']);
    const log = ZRunLogSchema.parse(JSON.parse(readFileSync(join(app.appRoot, printed.run_log_path), 'utf8')));
    expect(log.jobs.map((job) => job.status)).toEqual(['failed_output_guard', 'failed_output_guard']);
  });

  it('shows the estimate, then refuses without --confirm-spend or without OPENAI_API_KEY', async () => {
    const locked = await kroma(app, runArgs);
    expect(locked.code).toBe(2);
    expect(locked.stdout).toContain('Estimated cost: $0.79');
    expect(locked.stderr).toContain('spending is locked');

    delete app.env.OPENAI_API_KEY;
    const keyless = await kroma(app, [...runArgs, '--confirm-spend']);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toContain('OPENAI_API_KEY is not set');
    expect(fake.calls).toHaveLength(0);
  });

  it('--resume redoes only the job that failed, in the same run log', async () => {
    fake.failNext({ status: 400, message: 'bad input' });
    const args = ['run', '--project', 'demo', '--project-root', 'proj', '--input', 'scenes', '--size', '1024x1024', '--confirm-spend', '--concurrency', '1', '--json'];

    const first = await kroma(app, args);
    expect(first.code).toBe(1);
    const printed = JSON.parse(first.stdout) as { run_log_path: string; failed_jobs: string[] };
    expect(printed.failed_jobs).toEqual(['style_1_a']);
    expect(fake.calls).toHaveLength(2);

    const resumed = await kroma(app, ['run', '--resume', printed.run_log_path, '--confirm-spend', '--json']);
    expect(resumed.stderr).not.toContain('kroma:');
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ ok: true, run_log_path: printed.run_log_path, project_slug: 'demo', jobs: 2 });
    expect(fake.calls).toHaveLength(3);
    const log = ZRunLogSchema.parse(JSON.parse(readFileSync(join(app.appRoot, printed.run_log_path), 'utf8')));
    expect(log.jobs.map((job) => job.status)).toEqual(['done', 'done']);
  });
});

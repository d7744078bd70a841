import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startFakeOpenAIImagesServer, type TFakeOpenAIServer } from '@kroma/adapters/testing';
import { ZRunLogSchema, type TRunLog } from '@kroma/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, type TTempApp } from './helpers.js';

// The BUILT CLI: a real process that can be killed; CI builds before it tests.
const CLI_MAIN = resolve(fileURLToPath(import.meta.url), '../../dist/main.js');
const SCENES = 6;
const CANDIDATES = 2;
const LATENCY_MS = 300;
const FINISHED = new Set(['done', 'failed_output_guard']);

const finishedKeys = (log: TRunLog): string[] =>
  log.jobs.flatMap((job) =>
    (job.candidates ?? []).filter((c) => FINISHED.has(c.status)).map((c) => `${job.id}#${c.candidate_index}`),
  );

function findRunLog(projectRoot: string): string | undefined {
  const runs = join(projectRoot, 'runs');
  if (!existsSync(runs)) return undefined;
  const name = readdirSync(runs).find((file) => /^run_.*\.json$/.test(file));
  return name === undefined ? undefined : join(runs, name);
}

/** Polls the run log on disk until it holds `count` finished candidates; the log is written atomically. */
async function waitForFinishedCandidates(projectRoot: string, count: number, child: ChildProcess): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the CLI exited (${child.exitCode}) before it was killed`);
    const path = findRunLog(projectRoot);
    if (path !== undefined && finishedKeys(JSON.parse(readFileSync(path, 'utf8')) as TRunLog).length >= count) return path;
    await delay(10);
  }
  throw new Error(`no run log with ${count} finished candidates within 20 s`);
}

describe('kroma run killed mid-run, then resumed', () => {
  let app: TTempApp;
  let fake: TFakeOpenAIServer;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    app = makeTempApp();
    fake = await startFakeOpenAIImagesServer({ apiKey: 'test', latencyMs: LATENCY_MS });
    app.env.OPENAI_API_KEY = 'test';
    app.env.OPENAI_BASE_URL = fake.url;
    for (let index = 1; index <= SCENES; index += 1) {
      await writePng(join(app.appRoot, `scenes/scene_${index}.png`), { r: 100 + index, g: 100 + index, b: 100 + index });
    }
  });
  afterEach(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await fake.close();
    app.remove();
  });

  it('leaves a valid log holding the finished work, and --resume pays only for the unfinished calls', async () => {
    expect(existsSync(CLI_MAIN), `${CLI_MAIN} does not exist: build the CLI first (turbo run build)`).toBe(true);
    const argv = ['run', '--confirm-spend', '--project', 'demo', '--project-root', 'proj', '--input', 'scenes'];
    argv.push('--candidates', String(CANDIDATES), '--size', '1024x1024', '--concurrency', '2', '--json');
    const spawned = spawn(process.execPath, [CLI_MAIN, ...argv], { cwd: app.appRoot, env: app.env, stdio: 'ignore' });
    child = spawned;

    const logPath = await waitForFinishedCandidates(app.projectRoot, 2, spawned);
    spawned.kill('SIGKILL');
    const [, signal] = (await once(spawned, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');
    const callsBeforeResume = fake.calls.length;

    const killed = ZRunLogSchema.parse(JSON.parse(readFileSync(logPath, 'utf8')));
    const finishedBefore = finishedKeys(killed);
    expect(finishedBefore.length).toBeGreaterThanOrEqual(2);
    expect(finishedBefore.length).toBeLessThan(SCENES * CANDIDATES);
    for (const job of killed.jobs) {
      for (const candidate of job.candidates ?? []) {
        if (FINISHED.has(candidate.status)) expect(existsSync(join(app.appRoot, candidate.output))).toBe(true);
      }
    }

    const resumed = await kroma(app, ['run', '--confirm-spend', '--resume', relative(app.appRoot, logPath), '--json']);
    expect(resumed.stderr).not.toContain('kroma:');
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ ok: true, jobs: SCENES });

    const final = ZRunLogSchema.parse(JSON.parse(readFileSync(logPath, 'utf8')));
    expect(final.jobs.map((job) => job.status)).toEqual(Array.from({ length: SCENES }, () => 'done'));
    expect(finishedKeys(final)).toHaveLength(SCENES * CANDIDATES);
    // The resume made exactly one call per candidate not finished before the kill: none of the finished ones twice.
    expect(fake.calls.length - callsBeforeResume).toBe(SCENES * CANDIDATES - finishedBefore.length);
    const paidTimes = (key: string): number =>
      (final.cost_events ?? []).filter((event) => `${event.job_id ?? ''}#${event.candidate_index ?? 0}` === key).length;
    for (const key of finishedBefore) expect(paidTimes(key), key).toBe(1);
  }, 30_000);
});

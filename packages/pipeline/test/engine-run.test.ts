import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OpenAIImageEditor,
  readPngTextChunks,
  SharpImageAnalyzer,
  type ImageEditor,
  type TImageEditRequest,
} from '@kroma/adapters';
import { makeTestPng, startFakeOpenAIImagesServer, type TFakeOpenAIServer } from '@kroma/adapters/testing';
import { DEFAULT_POSTPROCESS_CONFIG, resolvePipelineManifest, ZRunLogSchema, type TRunLog } from '@kroma/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CostCapReachedError,
  executeRun,
  planRun,
  resumeRun,
  RunAbortedError,
  RunFailedError,
  type TExecuteRunDeps,
  type TExecuteRunOptions,
} from '../src/index.js';

const GREY = { r: 128, g: 128, b: 128 };
const FAST_RETRY = { retries: 3, baseDelayMs: 10, maxDelayMs: 2_000 };

let base: string;
let appRoot: string;
let projectRoot: string;
let server: TFakeOpenAIServer;
let runLogPath: string;

beforeEach(async () => {
  base = mkdtempSync(join(tmpdir(), 'kroma-engine-'));
  appRoot = join(base, 'app');
  projectRoot = join(appRoot, 'projects', 'demo');
  runLogPath = join(projectRoot, 'runs', 'run_test.json');
  mkdirSync(join(appRoot, 'scenes'), { recursive: true });
  mkdirSync(projectRoot, { recursive: true });
  server = await startFakeOpenAIImagesServer({ color: GREY });
});
afterEach(async () => {
  await server.close();
  rmSync(base, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

async function plan(jobs: number, candidates: number, guard: Record<string, unknown> = {}): Promise<TRunLog> {
  const scene = await makeTestPng({ width: 32, height: 32, color: GREY });
  for (let i = 1; i <= jobs; i += 1) writeFileSync(join(appRoot, 'scenes', `s${String(i).padStart(2, '0')}.png`), scene);
  const { log } = await planRun({
    appRoot,
    projectRoot,
    project: 'demo',
    selection: { stage: 'style', time: 'day', weather: 'clear' },
    manifest: resolvePipelineManifest({ style_refs: [], prompts: { style_base: 'INK' }, output_guard: guard }),
    postprocessConfig: DEFAULT_POSTPROCESS_CONFIG,
    input: 'scenes',
    candidates,
    allowManyCandidates: true,
    mode: 'run',
    confirmSpend: true,
    size: '1024x1024',
    runId: 'run-42',
  });
  return log;
}

/** The real OpenAI editor against the fake server, counting requests in flight on the way. */
function countingEditor(): { editor: ImageEditor; peak: () => number; calls: () => number } {
  const real = new OpenAIImageEditor({ apiKey: 'sk-test', baseURL: server.url });
  let inFlight = 0;
  let peak = 0;
  let calls = 0;
  const editor: ImageEditor = {
    async edit(request: TImageEditRequest) {
      calls += 1;
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        return await real.edit(request);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { editor, peak: () => peak, calls: () => calls };
}

const deps = (editor: ImageEditor, extra: Partial<TExecuteRunDeps> = {}): TExecuteRunDeps => ({
  editor,
  analyzer: new SharpImageAnalyzer(),
  ...extra,
});
const options = (extra: Partial<TExecuteRunOptions> = {}): TExecuteRunOptions => ({
  runLogPath,
  appRoot,
  projectRoot,
  retry: FAST_RETRY,
  ...extra,
});
const onDisk = (): TRunLog => ZRunLogSchema.parse(JSON.parse(readFileSync(runLogPath, 'utf8')));
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the run to fail');
}

describe('executeRun', () => {
  it('runs 3 jobs x 2 candidates: tagged PNGs, sha256, post-process, ranks, winners, costs, a valid log', async () => {
    const planned = await plan(3, 2);
    const { editor } = countingEditor();
    // A real post-process step: candidate 1 of job 2 and both of job 3 come out tinted (job 3's c2 less so).
    const tint: Record<string, number> = { 's02:1': 40, 's03:1': 30, 's03:2': 10 };
    const postprocess: TExecuteRunDeps['postprocess'] = async ({ job, candidateIndex, rawOutput }) => {
      const key = `${job.id.slice(-3)}:${candidateIndex}`;
      const out = join(projectRoot, 'color_corrected', `${job.id}__c${candidateIndex}_neutral.png`);
      mkdirSync(join(projectRoot, 'color_corrected'), { recursive: true });
      const r = 128 + (tint[key] ?? 0);
      writeFileSync(out, await makeTestPng({ width: 16, height: 16, color: { r, g: 128, b: 128 } }));
      return { finalOutput: out, color: { input: rawOutput, output: out, profile: 'neutral', settings: null }, refineCalls: 0 };
    };
    const log = await executeRun(planned, deps(editor, { postprocess }), options());

    expect(onDisk()).toEqual(log);
    expect(log.mode).toBe('run');
    expect(log.run_id).toBe('run-42');
    expect(log.progress).toMatchObject({ status: 'done', stage: 'finished', jobs_total: 3, jobs_done: 3, candidates_total: 6, candidates_done: 6 });
    expect(server.calls).toHaveLength(6);
    expect(server.calls[0]).toMatchObject({ model: 'gpt-image-1', size: '1024x1024', quality: 'high', output_format: 'png', input_fidelity: 'high' });

    const ids = log.jobs.map((job) => job.id);
    expect(ids).toEqual(['style_1_s01', 'style_2_s02', 'style_3_s03']);
    for (const job of log.jobs) {
      expect(job.candidates?.map((c) => c.status)).toEqual(['done', 'done']);
      for (const candidate of job.candidates ?? []) {
        const raw = join(appRoot, candidate.output);
        expect(candidate.output).toBe(`projects/demo/outputs/${job.id}__c${candidate.candidate_index}.png`);
        const bytes = readFileSync(raw);
        expect(candidate.output_sha256).toBe(sha256(bytes));
        expect(readPngTextChunks(bytes)).toEqual({
          'kroma:run_id': 'run-42',
          'kroma:job_id': job.id,
          'kroma:prompt_sha256': sha256(job.prompt),
        });
        expect(candidate.attempts).toBe(1);
        expect(candidate.request).toEqual({
          model: 'gpt-image-1',
          size: '1024x1024',
          quality: 'high',
          input_fidelity: 'high',
          output_format: 'png',
          input_images: job.input_images,
          prompt_sha256: sha256(job.prompt),
        });
        expect(candidate.final_output).toBe(`projects/demo/color_corrected/${job.id}__c${candidate.candidate_index}_neutral.png`);
      }
    }
    const [job1, job2, job3] = log.jobs;
    expect(job1?.candidates?.map((c) => c.rank)).toEqual([
      { hard_failures: 0, soft_warnings: 0, avg_chroma_exceed: 0 },
      { hard_failures: 0, soft_warnings: 0, avg_chroma_exceed: 0 },
    ]);
    expect(job2?.candidates?.[0]?.rank).toEqual({ hard_failures: 0, soft_warnings: 1, avg_chroma_exceed: 24.6667 });
    expect(job3?.candidates?.map((c) => c.rank.avg_chroma_exceed)).toEqual([18, 4.6667]);
    expect([job1?.selected_candidate, job2?.selected_candidate, job3?.selected_candidate]).toEqual([1, 2, 2]);
    expect(job2).toMatchObject({ status: 'done', output: 'projects/demo/color_corrected/style_2_s02__c2_neutral.png' });
    expect(job2?.color?.output).toBe(join(projectRoot, 'color_corrected', 'style_2_s02__c2_neutral.png'));

    // Actual cost from the fake server's usage: ceil(prompt/4) text tokens, 323 per input image, 4160 output.
    const prompt = log.jobs[0]?.prompt ?? '';
    const perCall = round6(Math.ceil(prompt.length / 4) * 5e-6 + 323 * 10e-6 + 4160 * 40e-6);
    expect(log.cost_events).toHaveLength(6);
    expect(log.cost_events?.[0]).toMatchObject({
      event_type: 'image_generation',
      provider_code: 'openai',
      model_name: 'gpt-image-1',
      currency: 'USD',
      units: Math.ceil(prompt.length / 4) + 323 + 4160,
      total_cost_usd: perCall,
    });
    expect(log.cost).toEqual({ estimate_usd: 6 * (0.167 + 0.03), actual_usd: round6(6 * perCall), cap_usd: null });
  });

  it('keeps at most 4 calls in flight: 8 jobs at 200 ms take about 2 rounds', async () => {
    const planned = await plan(8, 1);
    server.setLatency(200);
    const counting = countingEditor();
    const started = performance.now();
    await executeRun(planned, deps(counting.editor), options({ concurrency: 4 }));
    const wall = performance.now() - started;
    expect(counting.calls()).toBe(8);
    expect(counting.peak()).toBe(4);
    expect(wall).toBeGreaterThanOrEqual(400);
    expect(wall).toBeLessThan(700);
  });

  it('retries 429 (Retry-After) and 500, recording the attempts', async () => {
    const planned = await plan(1, 1);
    server.failNext({ status: 429, retryAfterSeconds: 1 }, { status: 500 }, { status: 429, retryAfterSeconds: 0 });
    const started = performance.now();
    const log = await executeRun(planned, deps(countingEditor().editor), options());
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(server.calls.map((call) => call.status)).toEqual([429, 500, 429, 200]);
    expect(log.jobs[0]?.candidates?.[0]).toMatchObject({ status: 'done', attempts: 4 });
    expect(log.jobs[0]?.status).toBe('done');
  });

  it('times out a hung call and retries it', async () => {
    const planned = await plan(1, 1);
    server.failNext({ hangMs: 2_000 });
    const log = await executeRun(planned, deps(countingEditor().editor), options({ callTimeoutMs: 300 }));
    expect(log.jobs[0]?.candidates?.[0]).toMatchObject({ status: 'done', attempts: 2 });
    expect(log.jobs[0]?.candidates?.[0]?.duration_ms).toBeGreaterThanOrEqual(300);
  });

  it('a 400 fails that candidate and its job only; the run ends failed after writing the log', async () => {
    const planned = await plan(2, 1);
    server.failNext({ status: 400, message: 'bad prompt' });
    const error = await failure(executeRun(planned, deps(countingEditor().editor), options({ concurrency: 1 })));
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).failedJobs).toEqual(['style_1_s01']);
    const log = onDisk();
    expect(log.progress?.status).toBe('failed');
    expect(log.jobs.map((job) => job.status)).toEqual(['failed', 'done']);
    expect(log.jobs[0]?.candidates?.[0]).toMatchObject({ status: 'failed', attempts: 1, error: 'HTTP 400: bad prompt' });
    expect(log.jobs[0]?.failure_reason).toBe('candidate 1: HTTP 400: bad prompt');
    expect(existsSync(join(projectRoot, 'outputs', 'style_2_s02.png'))).toBe(true);
  });

  it('output-guard failures archive the final file and fail the job', async () => {
    const planned = await plan(1, 2, { enforce_grayscale: true });
    server.setColor({ r: 200, g: 40, b: 40 });
    const error = await failure(executeRun(planned, deps(countingEditor().editor), options()));
    expect(error).toBeInstanceOf(RunFailedError);
    const job = onDisk().jobs[0];
    expect(job).toMatchObject({ status: 'failed_output_guard', failure_reason: 'all_candidates_failed_output_guard', selected_candidate: null });
    expect(job?.candidates?.map((c) => c.status)).toEqual(['failed_output_guard', 'failed_output_guard']);
    expect(readdirSync(join(projectRoot, 'archive', 'bad'))).toHaveLength(2);
    expect(job?.candidates?.[0]?.output_guard?.bad_archive).toMatch(/^projects\/demo\/archive\/bad\/style_1_s01__c1_bad_.*\.png$/);
  });

  it('stops cleanly before the call that would pass the cost cap', async () => {
    const planned = await plan(3, 1);
    // Each call is estimated at $0.197: two fit under $0.5, the third would pass it.
    const error = await failure(executeRun(planned, deps(countingEditor().editor), options({ maxCostUsd: 0.5, concurrency: 1 })));
    expect(error).toBeInstanceOf(CostCapReachedError);
    expect(server.calls).toHaveLength(2);
    const log = onDisk();
    expect(log.progress).toMatchObject({ status: 'canceled', jobs_done: 2, reason: (error as Error).message });
    expect(log.jobs.map((job) => job.status)).toEqual(['done', 'done', 'canceled']);
    expect(log.cost?.cap_usd).toBe(0.5);
    expect(log.cost_events).toHaveLength(2);
  });

  it('only: regenerates the listed jobs and copies the others unchanged', async () => {
    const first = await executeRun(await plan(3, 1), deps(countingEditor().editor), options());
    const before = readFileSync(join(projectRoot, 'outputs', 'style_2_s02.png'));
    const second = await executeRun(first, deps(countingEditor().editor), options({ only: ['style_2_s02'] }));
    expect(server.calls).toHaveLength(4);
    expect(second.jobs[0]).toEqual(first.jobs[0]);
    expect(second.jobs[2]).toEqual(first.jobs[2]);
    expect(second.jobs[1]?.status).toBe('done');
    const archived = readdirSync(join(projectRoot, 'archive', 'replaced'));
    expect(archived).toHaveLength(1);
    expect(readFileSync(join(projectRoot, 'archive', 'replaced', archived[0] ?? ''))).toEqual(before);
    expect(second.cost_events).toHaveLength(4);
  });

  it('resumes an aborted run: only the unfinished jobs are redone, and the log was valid at every progress', async () => {
    const planned = await plan(6, 1);
    // With latency, job 3's call is in flight when job 2 finishes QA: the abort cancels it.
    server.setLatency(100);
    const controller = new AbortController();
    let validAtEveryProgress = true;
    let progressCalls = 0;
    const error = await failure(
      executeRun(
        planned,
        deps(countingEditor().editor),
        options({
          concurrency: 1,
          signal: controller.signal,
          onProgress: (progress) => {
            progressCalls += 1;
            validAtEveryProgress &&= ZRunLogSchema.safeParse(JSON.parse(readFileSync(runLogPath, 'utf8'))).success;
            if (progress.jobs_done === 2) controller.abort();
          },
        }),
      ),
    );
    expect(error).toBeInstanceOf(RunAbortedError);
    expect(validAtEveryProgress).toBe(true);
    expect(progressCalls).toBeGreaterThan(6);
    const aborted = onDisk();
    expect(aborted.progress).toMatchObject({ status: 'canceled', reason: 'aborted', jobs_done: 2 });
    expect(aborted.jobs.map((job) => job.status)).toEqual(['done', 'done', 'canceled', 'canceled', 'canceled', 'canceled']);
    expect(aborted.cost_events).toHaveLength(2);

    server.setLatency(0);
    const resumeEditor = countingEditor();
    const resumed = await resumeRun(runLogPath, deps(resumeEditor.editor), { appRoot, projectRoot, retry: FAST_RETRY });
    expect(resumeEditor.calls()).toBe(4);
    expect(resumed.jobs.map((job) => job.status)).toEqual(Array(6).fill('done'));
    expect(resumed.jobs.slice(0, 2)).toEqual(aborted.jobs.slice(0, 2));
    expect(resumed.progress).toMatchObject({ status: 'done', jobs_total: 4, jobs_done: 4 });
    expect(resumed.cost_events).toHaveLength(6);
    expect(onDisk()).toEqual(resumed);
  });

  it('resume keeps the finished candidates of a job that failed by error and redoes only the failed one', async () => {
    const planned = await plan(1, 2);
    server.failNext({ status: 400 });
    await failure(executeRun(planned, deps(countingEditor().editor), options({ concurrency: 1 })));
    expect(onDisk().jobs[0]?.candidates?.map((c) => c.status)).toEqual(['failed', 'done']);
    const resumeEditor = countingEditor();
    const resumed = await resumeRun(runLogPath, deps(resumeEditor.editor), { appRoot, projectRoot, retry: FAST_RETRY });
    expect(resumeEditor.calls()).toBe(1);
    expect(resumed.jobs[0]).toMatchObject({ status: 'done', selected_candidate: 1 });
    expect(resumed.jobs[0]?.candidates?.map((c) => c.status)).toEqual(['done', 'done']);
  });
});

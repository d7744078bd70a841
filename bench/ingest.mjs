#!/usr/bin/env node
// Ingest speed: one run log of 10,000 jobs × 2 candidates into a fresh SQLite database, through @kroma/db's
// `ingestRunLog` (built package: build @kroma/db first). Targets: < 1.5 s and < 200 MB. Then a second ingest of the
// same log (idempotent). Each measurement runs in a fresh process; --repeat runs it several times (a fresh database
// each time) and ends with the medians and the highest peak, since one run on a busy machine says little.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, upsertProject } from '@kroma/db';

const USAGE = 'Usage: node bench/ingest.mjs [--jobs 10000] [--candidates 2] [--repeat 1]';
const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '10000' },
    candidates: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const jobCount = Number(values.jobs);
const candidateCount = Number(values.candidates);
const repeat = Math.max(1, Number(values.repeat) || 1);

function runLog() {
  const guard = { enabled: true, enforce_grayscale: false, max_chroma_delta: 2, fail_on_chroma_exceed: false };
  const jobs = [];
  for (let j = 1; j <= jobCount; j += 1) {
    const id = `style_${j}_scene_${j}`;
    const candidates = [];
    for (let c = 1; c <= candidateCount; c += 1) {
      const output = `outputs/${id}__c${c}.png`;
      candidates.push({
        candidate_index: c,
        output,
        status: 'done',
        rank: { hard_failures: 0, soft_warnings: c - 1, avg_chroma_exceed: 0 },
        output_guard: { checked_input: output, summary: { total_files: 1, hard_failures: 0, soft_warnings: c - 1 }, files: [] },
        final_output: output,
      });
    }
    jobs.push({
      id,
      mode: 'style',
      time: 'day',
      weather: 'clear',
      input_images: [`scenes/${j}.png`],
      prompt: 'Keep the drawing; one noir hand. Do not invent new object categories.',
      status: 'done',
      selected_candidate: 1,
      final_output: candidates[0].output,
      output: candidates[0].output,
      candidates,
    });
  }
  return {
    timestamp: new Date().toISOString(),
    project: 'bench_ingest',
    mode: 'run',
    stage: 'style',
    time: 'day',
    weather: 'clear',
    model: 'gpt-image-1',
    size: '1024x1536',
    quality: 'high',
    generation: { candidates: candidateCount, max_candidates: 6 },
    postprocess: { upscale: false, upscale_backend: null, color: false, color_profile: null, bg_remove: false, bg_remove_backends: [], bg_refine_openai: false, bg_refine_openai_required: false, pipeline_order: ['generate'] },
    output_guard: guard,
    storage: { project_root: 'var/projects/bench_ingest', resolved_from_backend: true },
    jobs,
  };
}

/** Ingest runs in a fresh child process, so its peak RSS is the ingest's own, not the log generator's. */
async function ingestInChild(appRoot, logPath) {
  const { execFileSync } = await import('node:child_process');
  const script = `
    import { ingestRunLog, openStore } from '@kroma/db';
    const store = await openStore({ path: 'app.db', appRoot: ${JSON.stringify(appRoot)} });
    const rounds = [];
    for (const round of ['first ingest', 're-ingest (idempotent)']) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = await ingestRunLog(store, { runLogPath: ${JSON.stringify(logPath)}, computeHashes: false });
      const { user, system } = process.cpuUsage(cpu);
      rounds.push({ round, ms: performance.now() - started, cpuMs: (user + system) / 1000, result });
    }
    await store.close();
    console.log(JSON.stringify({ rounds, peakMb: process.resourceUsage().maxRSS / 1024 }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: import.meta.dirname, encoding: 'utf8' });
  return JSON.parse(out);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const verdict = (value, target) => (value < target ? 'PASS' : 'MISS');

/** One measurement: a fresh database with the project, the log written, then both ingests in a child process. */
async function measureOnce() {
  const dir = mkdtempSync(join(tmpdir(), 'kroma-bench-ingest-'));
  try {
    const store = await openStore({ path: 'app.db', appRoot: dir });
    await upsertProject(store, { userId: null }, { name: 'bench_ingest' });
    await store.close();
    mkdirSync(join(dir, 'runs'), { recursive: true });
    const logPath = join(dir, 'runs', 'run_bench.json');
    writeFileSync(logPath, JSON.stringify(runLog()));
    return await ingestInChild(dir, logPath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const measurements = [];
for (let index = 0; index < repeat; index += 1) {
  const { rounds, peakMb } = await measureOnce();
  measurements.push({ rounds, peakMb });
  for (const { round, ms, cpuMs, result } of rounds) {
    console.log(
      `${round}: ${ms.toFixed(0)} ms (cpu ${cpuMs.toFixed(0)} ms) for ${result.jobs} jobs, ${result.candidates} candidates, ` +
        `${result.assets_upserted} asset upserts, ${result.quality_reports_written} quality reports (target < 1500 ms: ${verdict(ms, 1500)})`,
    );
  }
  console.log(`ingest process peak RSS ${peakMb.toFixed(0)} MB (target < 200 MB: ${verdict(peakMb, 200)}) · Node ${process.version}`);
}
if (repeat > 1) {
  const roundMedian = (index) => median(measurements.map(({ rounds }) => rounds[index].ms));
  const peaks = measurements.map(({ peakMb }) => peakMb);
  console.log(
    `over ${repeat} runs: first ingest median ${roundMedian(0).toFixed(0)} ms, re-ingest median ${roundMedian(1).toFixed(0)} ms, ` +
      `peak RSS median ${median(peaks).toFixed(0)} MB, highest ${Math.max(...peaks).toFixed(0)} MB`,
  );
}

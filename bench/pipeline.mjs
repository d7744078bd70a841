#!/usr/bin/env node
// The image pipeline against a local fake of the OpenAI images API (issue 4): N jobs × C candidates at a fixed
// latency and concurrency. Wall time vs the ideal ceil(calls / concurrency) × latency (target ≤ 1.15×) and peak
// RSS (target < 300 MB). A measurement, not a test: exits 0 even when a target is missed.
// Imports the BUILT packages (packages/*/dist): build first. The fake server runs in a child process, so the RSS
// figures are the pipeline's alone.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OpenAIImageEditor, SharpImageAnalyzer } from '@kroma/adapters';
import { executeRun, planRun, runLogPath } from '@kroma/pipeline';
import { startFakeOpenAIProcess } from './lib/fake-openai-process.mjs';
import { loadDefaultConfig, makeProjectRoots, SCENE_HEIGHT, SCENE_WIDTH, writeScenes } from './lib/pipeline-project.mjs';
import { peakRssMb, startRssSampler } from './lib/rss-sampler.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = join(BENCH_DIR, 'out');
const RATIO_TARGET = 1.15;
const PEAK_RSS_TARGET_MB = 300;

const USAGE = `Usage: node bench/pipeline.mjs [--jobs <n>] [--candidates <n>] [--latency <ms>] [--concurrency <n>] [--scenes noise|flat] [--keep]

  --jobs         scenes, one job each (default 40)
  --candidates   candidates per job (default 2)
  --latency      fake server delay per image call in ms (default 300)
  --concurrency  image calls in flight at once (default 4)
  --scenes       noise: ~4.6 MB scene PNGs like real drawings (default); flat: ~10 KB, leaves the upload out
  --keep         keep the temporary project

Needs built packages (packages/*/dist).`;

function readOptions() {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string', default: '40' },
      candidates: { type: 'string', default: '2' },
      latency: { type: 'string', default: '300' },
      concurrency: { type: 'string', default: '4' },
      scenes: { type: 'string', default: 'noise' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const integer = (name, min) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got '${values[name]}'`);
    return value;
  };
  if (values.scenes !== 'noise' && values.scenes !== 'flat') throw new Error(`--scenes must be noise or flat, got '${values.scenes}'`);
  return {
    jobs: integer('jobs', 1),
    candidates: integer('candidates', 1),
    latencyMs: integer('latency', 0),
    concurrency: integer('concurrency', 1),
    scenes: values.scenes,
    keep: values.keep,
  };
}

const countBy = (items, key) => items.reduce((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});

async function measure(options, appRoot) {
  const roots = makeProjectRoots(appRoot);
  const sceneBytes = await writeScenes(join(appRoot, 'scenes'), options.jobs, options.scenes);
  const { manifest, postprocessConfig } = await loadDefaultConfig(roots);
  const { log } = await planRun({
    ...roots,
    project: 'bench',
    mode: 'run',
    confirmSpend: true,
    selection: { stage: 'style', time: 'day', weather: 'clear' },
    manifest,
    postprocessConfig,
    input: 'scenes',
    candidates: options.candidates,
    allowLargeBatch: true,
    allowManyCandidates: true,
    size: `${SCENE_WIDTH}x${SCENE_HEIGHT}`,
  });
  const fake = await startFakeOpenAIProcess({ latencyMs: options.latencyMs });
  try {
    const deps = { editor: new OpenAIImageEditor({ apiKey: 'sk-bench', baseURL: fake.url }), analyzer: new SharpImageAnalyzer() };
    const peakBeforeRunMb = peakRssMb();
    const sampler = startRssSampler();
    const started = performance.now();
    const finished = await executeRun(log, deps, {
      runLogPath: runLogPath(roots.projectRoot, new Date()),
      appRoot,
      projectRoot: roots.projectRoot,
      concurrency: options.concurrency,
    });
    const wallMs = performance.now() - started;
    const rss = sampler.stop();
    const served = await fake.stats();
    return {
      wallMs,
      rss,
      peakBeforeRunMb,
      peakRssMb: peakRssMb(),
      sceneBytes,
      calls: served.calls,
      callStatuses: served.statuses,
      jobStatuses: countBy(finished.jobs, (job) => job.status),
    };
  } finally {
    await fake.close();
  }
}

const options = readOptions();
const startedAt = new Date();
const appRoot = mkdtempSync(join(tmpdir(), 'kroma-bench-pipeline-'));
try {
  const figures = await measure(options, appRoot);
  const plannedCalls = options.jobs * options.candidates;
  const idealMs = Math.ceil(plannedCalls / options.concurrency) * options.latencyMs;
  const ratio = idealMs > 0 ? figures.wallMs / idealMs : null;
  const allDone = figures.jobStatuses.done === options.jobs && figures.calls === plannedCalls;
  const ratioPass = allDone && ratio !== null && ratio <= RATIO_TARGET;
  const rssPass = figures.peakRssMb < PEAK_RSS_TARGET_MB;
  const verdict = (pass) => (pass ? 'PASS' : 'MISS');
  console.log(
    [
      `Pipeline: ${options.jobs} jobs × ${options.candidates} candidates, latency ${options.latencyMs} ms, concurrency ${options.concurrency}`,
      `Scene PNG: ${SCENE_WIDTH}×${SCENE_HEIGHT} ${options.scenes}, ${(figures.sceneBytes / 1024 / 1024).toFixed(2)} MB each`,
      `Calls made: ${figures.calls} of ${plannedCalls} planned (statuses ${JSON.stringify(figures.callStatuses)}); jobs ${JSON.stringify(figures.jobStatuses)}`,
      `Wall time: ${(figures.wallMs / 1000).toFixed(2)} s, ideal ${(idealMs / 1000).toFixed(2)} s, ratio ${ratio === null ? 'n/a' : ratio.toFixed(3)} (target ≤ ${RATIO_TARGET}): ${verdict(ratioPass)}`,
      `Peak RSS (maxRSS): ${figures.peakRssMb.toFixed(1)} MB (target < ${PEAK_RSS_TARGET_MB} MB): ${verdict(rssPass)}   (before the run: ${figures.peakBeforeRunMb.toFixed(1)} MB)`,
      `RSS during the run: steady ${figures.rss.steady_rss_mb.toFixed(1)} MB, sampled peak ${figures.rss.sampled_peak_rss_mb.toFixed(1)} MB, start ${figures.rss.start_rss_mb.toFixed(1)} MB, end ${figures.rss.end_rss_mb.toFixed(1)} MB`,
    ].join('\n'),
  );
  mkdirSync(OUT_DIR, { recursive: true });
  const stamp = startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const outPath = join(OUT_DIR, `pipeline-${stamp}.json`);
  const report = {
    started_at: startedAt.toISOString(),
    node: process.version,
    options: { jobs: options.jobs, candidates: options.candidates, latency_ms: options.latencyMs, concurrency: options.concurrency, scenes: options.scenes },
    scene: { width: SCENE_WIDTH, height: SCENE_HEIGHT, png_bytes: figures.sceneBytes },
    calls_planned: plannedCalls,
    calls_made: figures.calls,
    call_statuses: figures.callStatuses,
    job_statuses: figures.jobStatuses,
    wall_ms: Math.round(figures.wallMs),
    ideal_ms: idealMs,
    ratio: ratio === null ? null : Math.round(ratio * 1000) / 1000,
    ratio_target: RATIO_TARGET,
    ratio_pass: ratioPass,
    peak_rss_mb: figures.peakRssMb,
    peak_rss_before_run_mb: figures.peakBeforeRunMb,
    peak_rss_target_mb: PEAK_RSS_TARGET_MB,
    peak_rss_pass: rssPass,
    rss_during_run: figures.rss,
  };
  writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Figures: ${outPath}`);
} finally {
  if (options.keep) console.log(`Kept: ${appRoot}`);
  else rmSync(appRoot, { recursive: true, force: true });
}

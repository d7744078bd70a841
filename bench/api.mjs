#!/usr/bin/env node
// Kroma's API speed and memory against bare express 4 (+ better-sqlite3) baselines measured in the same run.
// A measurement, not a test: exits 0 even when a target is missed. See docs/performance.md.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { measureTarget } from './lib/measure.mjs';
import { freePort, HOST, residentMemoryMb, startNodeProcess, waitUntilListening } from './lib/processes.mjs';
import { formatResults, judge, P99_TARGET_MS, RSS_TARGET_MB, targetText, writeJsonReport } from './lib/report.mjs';
import { callJson, CHAT_MESSAGE_BODY, compareBaseline, seedKroma } from './lib/seed.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, '..');
const DEFAULT_KROMA_MAIN = 'apps/server/dist/main.js';
const BASELINE_MAIN = join(BENCH_DIR, 'baseline-server.mjs');
const OUT_DIR = join(BENCH_DIR, 'out');
const KROMA_LOG_LEVEL = 'warn';
// Extra Node/V8 flags for both processes (none by default: scripts/start.sh starts the server without any).
const DEFAULT_NODE_FLAGS = '';

const USAGE = `Usage: node bench/api.mjs [--duration <s>] [--warmup <s>] [--connections <n>] [--projects <n>] [--kroma <file>] [--keep]

  --duration     seconds measured per target (default 10)
  --warmup       seconds of load before each measurement, not counted (default 2)
  --connections  concurrent connections (default 16)
  --projects     projects seeded for the list workload (default 100)
  --node-flags   V8/Node flags for both servers (default none, as scripts/start.sh; e.g. --node-flags=--max-old-space-size=96)
  --kroma        server entry to run (default ${DEFAULT_KROMA_MAIN}, relative to the checkout)
  --keep         keep the temporary directory with both databases

Needs a built server (${DEFAULT_KROMA_MAIN}: \`npm start\` or \`npm test\` builds it).`;

function readOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '16' },
      projects: { type: 'string', default: '100' },
      kroma: { type: 'string', default: DEFAULT_KROMA_MAIN },
      'node-flags': { type: 'string', default: DEFAULT_NODE_FLAGS },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name, min) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number ≥ ${min}, got '${values[name]}'`);
    return value;
  };
  return {
    durationSeconds: number('duration', 1),
    warmupSeconds: number('warmup', 0),
    connections: Math.floor(number('connections', 1)),
    projectCount: Math.floor(number('projects', 1)),
    kromaMain: resolve(REPO_ROOT, values.kroma),
    nodeFlags: values['node-flags'].split(' ').filter(Boolean),
    keep: values.keep,
  };
}

const workloadsFor = (projectCount) => [
  { id: 'health', label: 'GET /health', minRatio: 0.8, request: () => ({ method: 'GET', path: '/health' }) },
  { id: 'list', label: `GET /api/projects (${projectCount} projects)`, minRatio: 0.9, request: () => ({ method: 'GET', path: '/api/projects' }) },
  {
    id: 'insert',
    label: 'POST …/chat/sessions/{id}/messages',
    minRatio: 0.8,
    request: ({ chatPath }) => ({ method: 'POST', path: chatPath, body: CHAT_MESSAGE_BODY }),
  },
];

/** The caller's environment without any KROMA_* setting, plus the bench's own. */
function kromaEnvironment(dir, port) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('KROMA_')));
  return {
    ...env,
    KROMA_APP_ROOT: dir,
    KROMA_BACKEND_BIND: `${HOST}:${port}`,
    KROMA_BACKEND_DB: join(dir, 'kroma.db'),
    KROMA_LOG_LEVEL,
  };
}

const progress = (line) => process.stderr.write(`${line}\n`);

async function run(options, cleanup) {
  if (!existsSync(options.kromaMain)) {
    throw new Error(`${options.kromaMain} does not exist. Build the server first (\`npm start\` or \`npm test\` build it).`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'kroma-bench-'));
  cleanup.dir = options.keep ? undefined : dir;
  const startedAt = new Date().toISOString();

  const kromaPort = await freePort();
  const kromaUrl = `http://${HOST}:${kromaPort}`;
  const kroma = startNodeProcess('kroma', options.kromaMain, [], { env: kromaEnvironment(dir, kromaPort), cwd: dir, nodeFlags: options.nodeFlags });
  cleanup.processes.push(kroma);
  await waitUntilListening(kroma, `${kromaUrl}/health`);
  const kromaVersion = (await callJson(kromaUrl, 'GET', '/health')).json?.version ?? 'unknown';

  progress(`Kroma ${kromaVersion} (pid ${kroma.pid}) on ${kromaUrl}; request log lines off (KROMA_LOG_LEVEL=${KROMA_LOG_LEVEL}).`);
  progress(`Seeding through Kroma's API: ${options.projectCount} projects, 1 chat session …`);
  const { skipped, chatPath } = await seedKroma(kromaUrl, { projectCount: options.projectCount });

  // The baseline reads a copy of the same data (SQLite online backup: safe while Kroma has the file open).
  const baselineDb = join(dir, 'baseline.db');
  const source = new Database(join(dir, 'kroma.db'), { fileMustExist: true });
  await source.backup(baselineDb);
  source.close();
  const baselinePort = await freePort();
  const baselineUrl = `http://${HOST}:${baselinePort}`;
  const baseline = startNodeProcess('baseline', BASELINE_MAIN, ['--port', String(baselinePort), '--db', baselineDb], { env: process.env, cwd: dir, nodeFlags: options.nodeFlags });
  cleanup.processes.push(baseline);
  await waitUntilListening(baseline, `${baselineUrl}/health`);
  progress(`Baseline (pid ${baseline.pid}) on ${baselineUrl} over a copy of Kroma's database.`);

  const workloads = workloadsFor(options.projectCount);
  const runnable = new Set(workloads.filter((w) => !skipped[w.id]).map((w) => w.id));
  const differences = await compareBaseline(kromaUrl, baselineUrl, { runnable, chatPath });
  for (const difference of differences) progress(`warning: ${difference}`);

  const load = { connections: options.connections, warmupSeconds: options.warmupSeconds, durationSeconds: options.durationSeconds };
  progress(`Load: ${load.connections} connections, ${load.warmupSeconds} s warm-up, ${load.durationSeconds} s measured per target.`);
  const results = [];
  for (const workload of workloads) {
    if (skipped[workload.id]) {
      progress(`skipping ${workload.label}: ${skipped[workload.id]}`);
      results.push({ workload, skipped: skipped[workload.id] });
      continue;
    }
    const request = workload.request({ chatPath });
    progress(`measuring ${workload.label}: Kroma …`);
    const kromaFigures = await measureTarget({ ...request, url: `${kromaUrl}${request.path}` }, load);
    progress(`measuring ${workload.label}: baseline …`);
    const baselineFigures = await measureTarget({ ...request, url: `${baselineUrl}${request.path}` }, load);
    results.push({ workload, kroma: kromaFigures, baseline: baselineFigures, verdict: judge(workload, kromaFigures, baselineFigures) });
  }

  const memory = {
    kroma_rss_mb: residentMemoryMb(kroma.pid),
    baseline_rss_mb: residentMemoryMb(baseline.pid),
    // The peak during the run (VmHWM): the figure after the run depends on when V8 last collected garbage.
    kroma_peak_rss_mb: residentMemoryMb(kroma.pid, 'VmHWM'),
    baseline_peak_rss_mb: residentMemoryMb(baseline.pid, 'VmHWM'),
  };
  console.log(
    `\nKroma ${kromaVersion} vs bare express 4 baselines · ${load.connections} connections · ${load.warmupSeconds} s warm-up + ` +
      `${load.durationSeconds} s per target · Node ${process.version} ${options.nodeFlags.join(' ') || '(no flags)'} · ${cpus().length} CPUs · ` +
      `Kroma request log lines off during measurement (KROMA_LOG_LEVEL=${KROMA_LOG_LEVEL})\n`,
  );
  console.log(`${formatResults(results, memory)}\n`);

  const reportPath = writeJsonReport(OUT_DIR, {
    started_at: startedAt,
    finished_at: new Date().toISOString(),
    node: process.version,
    node_flags: options.nodeFlags,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    kroma: { version: kromaVersion, entry: relative(REPO_ROOT, options.kromaMain), log_level: KROMA_LOG_LEVEL },
    settings: { connections: load.connections, warmup_seconds: load.warmupSeconds, duration_seconds: load.durationSeconds, projects: options.projectCount },
    baseline_differences: differences,
    workloads: results.map(({ workload, kroma: k, baseline: b, verdict, skipped: reason }) => ({
      id: workload.id,
      label: workload.label,
      target: targetText(workload),
      min_ratio: workload.minRatio,
      ...(reason ? { skipped: reason } : { kroma: k, baseline: b, ratio: verdict.ratio, pass: verdict.pass, problems: verdict.problems }),
    })),
    memory: {
      ...memory,
      target_mb: RSS_TARGET_MB,
      pass: memory.kroma_rss_mb === null ? null : memory.kroma_rss_mb < RSS_TARGET_MB,
    },
    p99_target_ms: P99_TARGET_MS,
  });
  console.log(`Figures written to ${reportPath}`);
  if (options.keep) console.log(`Databases kept in ${dir}`);
}

async function main() {
  const cleanup = { processes: [], dir: undefined };
  const tidy = async () => {
    await Promise.all(cleanup.processes.map((proc) => proc.stop()));
    if (cleanup.dir) rmSync(cleanup.dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    tidy().finally(() => process.exit(130));
  });
  try {
    await run(readOptions(), cleanup);
  } catch (error) {
    process.stderr.write(`bench/api.mjs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await tidy();
  }
}

await main();

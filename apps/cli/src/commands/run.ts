import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createImageEditorFromEnv, createPostprocessTools, SharpImageAnalyzer } from '@kroma/adapters';
import { DEFAULT_POSTPROCESS_CONFIG, ZRunLogSchema, type TPostprocessConfig, type TRunLog } from '@kroma/contract';
import {
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_CONCURRENCY,
  engineDepsFor,
  executeRun,
  formatEstimate,
  plansPostprocess,
  resolvePipelineSettings,
  resumeRun,
  RunFailedError,
  runLogPath,
  type TConfigRoots,
  type TCostEstimate,
  type TExecuteRunDeps,
  type TExecuteRunOptions,
  type TRunProtocolSummary,
} from '@kroma/pipeline';
import { shownPath, type TCliEnvironment } from '../context.js';
import type { TCommandDeps } from '../deps.js';
import { formatIngestLine, ingestServerOf, type TIngestTargetFlags } from '../ingest-target.js';
import {
  addGuardOptions,
  addIngestTargetOptions,
  addPlanOptions,
  addPostOptions,
  addProjectOptions,
  addSettingsOptions,
  parseCsv,
  parseNonNegativeNumber,
  parsePositiveInt,
} from '../options.js';
import { ExitCodeSignal, EXIT_FAILURE, printJson, printLine, UsageError } from '../output.js';
import { planFromFlags, type TPlanFlags } from '../plan.js';
import { createProgressReporter } from '../progress.js';
import { printRunProtocol } from '../protocol.js';
import { ingestAfterRun } from '../run-ingest.js';

interface TRunFlags extends TPlanFlags, TIngestTargetFlags {
  concurrency: number;
  maxCost?: number;
  timeout: number;
  resume?: string;
  only?: string[];
  ingest?: boolean;
}

const parseTimeout = (value: string): number => {
  const seconds = parseNonNegativeNumber(value);
  if (seconds === 0) throw new InvalidArgumentError('expected a number of seconds > 0.');
  return seconds;
};

interface TRunTarget {
  log: TRunLog;
  path: string;
  slug: string;
  roots: TConfigRoots;
  estimate?: TCostEstimate;
  /** Known for a new run (planning resolved it); a resumed run resolves it only when a pass is planned. */
  postprocessConfig?: TPostprocessConfig;
}

/** The engine's adapters: the OpenAI editor, sharp QA and — when a pass is on — the post-process chain. */
async function cliEngineDeps(cli: TCliEnvironment, target: TRunTarget, flags: TRunFlags): Promise<TExecuteRunDeps> {
  const editor = createImageEditorFromEnv(cli.env);
  if (editor === undefined) throw new UsageError('OPENAI_API_KEY is not set (in the environment or the app root .env)');
  const { log, roots } = target;
  // Without a planned pass the config is never read, so a resume need not load the settings at all.
  const postprocessConfig =
    target.postprocessConfig ??
    (plansPostprocess(log) ? (await resolvePipelineSettings(roots, flags)).postprocessConfig : DEFAULT_POSTPROCESS_CONFIG);
  return engineDepsFor(log, {
    roots,
    editor,
    analyzer: new SharpImageAnalyzer(),
    postprocessConfig,
    makeTools: (config) => createPostprocessTools(config, roots.appRoot, cli.env),
    env: cli.env,
    timeoutMs: flags.timeout * 1000,
  });
}

/** A new run: plan it (the estimate is printed before the spend lock is checked) and pick its log path. */
async function planNewRun(cli: TCliEnvironment, flags: TRunFlags, deps: TCommandDeps): Promise<TRunTarget> {
  const now = new Date();
  const { log, estimate, project, roots, postprocessConfig } = await planFromFlags(cli, { ...flags, confirmSpend: true }, 'run', now, (message) =>
    deps.io.stderr(`kroma: warning: ${message}\n`),
  );
  if (flags.json !== true) printLine(deps.io, formatEstimate(estimate));
  return { log, path: runLogPath(project.projectRoot, now), slug: project.slug, roots, estimate, postprocessConfig };
}

/** `--resume`: the log names its project and root; planning flags do not apply. */
async function loadResumedRun(cli: TCliEnvironment, file: string): Promise<TRunTarget> {
  const path = resolve(cli.appRoot, file);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`--resume: run log not found: ${file}`);
  });
  const log = ZRunLogSchema.parse(JSON.parse(text));
  return { log, path, slug: log.project, roots: { appRoot: cli.appRoot, projectRoot: log.storage.project_root } };
}

/** Runs the engine with progress; a run that finished with failed jobs is an outcome, anything else throws. */
async function execute(cli: TCliEnvironment, target: TRunTarget, flags: TRunFlags, deps: TCommandDeps): Promise<{ finished: TRunLog; failure?: RunFailedError }> {
  const engine = await cliEngineDeps(cli, target, flags);
  const progress = createProgressReporter(deps.io);
  const options: TExecuteRunOptions = {
    runLogPath: target.path,
    appRoot: cli.appRoot,
    projectRoot: target.roots.projectRoot,
    concurrency: flags.concurrency,
    callTimeoutMs: flags.timeout * 1000,
    ...(flags.maxCost !== undefined && { maxCostUsd: flags.maxCost }),
    ...(flags.only !== undefined && { only: flags.only }),
    onProgress: progress.update,
  };
  try {
    return { finished: flags.resume === undefined ? await executeRun(target.log, engine, options) : await resumeRun(target.path, engine, options) };
  } catch (error) {
    if (!(error instanceof RunFailedError)) throw error;
    return { finished: error.log, failure: error };
  } finally {
    progress.stop();
  }
}

/** `kroma run --confirm-spend`: plan (or resume), show the estimate, generate, QA, rank, post-process, log, ingest. */
export function registerRun(program: Command, deps: TCommandDeps): void {
  const command = program
    .command('run')
    .description('generate candidates with OpenAI, post-process, QA and rank them; needs --confirm-spend and OPENAI_API_KEY')
    .option('--confirm-spend', 'allow paid image calls (required)')
    .addOption(new Option('--concurrency <n>', 'image calls in flight at once').argParser(parsePositiveInt).default(DEFAULT_CONCURRENCY))
    .addOption(new Option('--max-cost <usd>', 'stop cleanly before the call that would pass this cost').argParser(parseNonNegativeNumber))
    .addOption(new Option('--timeout <s>', 'per-call timeout in seconds').argParser(parseTimeout).default(DEFAULT_CALL_TIMEOUT_MS / 1000))
    .option('--resume <run log>', 'finish the unfinished jobs of an earlier run log (planning flags are ignored)')
    .addOption(new Option('--only <job ids>', 'regenerate only these jobs (CSV)').argParser(parseCsv))
    .option('--ingest', 'ingest the run log afterwards: into --server when given, else into the database');
  for (const add of [addProjectOptions, addPlanOptions, addSettingsOptions, addPostOptions, addGuardOptions, addIngestTargetOptions]) add(command);
  command.action(async (flags: TRunFlags) => {
    const cli = deps.environment();
    if (flags.resume !== undefined && flags.only !== undefined) throw new UsageError('--resume and --only cannot be combined');
    if (flags.ingest !== true && (flags.server !== undefined || flags.token !== undefined)) throw new UsageError('--server and --token need --ingest');
    // Checked before any spend, so a mistyped URL costs nothing.
    const server = flags.ingest === true ? ingestServerOf(cli, flags) : undefined;
    const target = flags.resume === undefined ? await planNewRun(cli, flags, deps) : await loadResumedRun(cli, flags.resume);
    if (flags.confirmSpend !== true) throw new UsageError('spending is locked: pass --confirm-spend to make paid image calls');

    let outcome: Awaited<ReturnType<typeof execute>>;
    try {
      outcome = await execute(cli, target, flags, deps);
    } catch (error) {
      if (flags.ingest === true && existsSync(target.path)) {
        const ingest = await ingestAfterRun(cli, target.path, server);
        deps.io.stderr(`kroma: ${ingest.result === undefined ? ingest.error : formatIngestLine(ingest.result)}\n`);
      }
      throw error;
    }
    const { finished, failure } = outcome;
    const summary: TRunProtocolSummary = {
      run_log_path: shownPath(target.path, cli.appRoot),
      project_slug: target.slug,
      project_root: shownPath(target.roots.projectRoot, cli.appRoot),
      jobs: finished.jobs.length,
      mode: 'run',
    };
    const ingest = flags.ingest === true ? await ingestAfterRun(cli, target.path, server) : undefined;
    if (flags.json === true) {
      printJson(deps.io, {
        ok: failure === undefined && ingest?.error === undefined,
        ...summary,
        run_id: finished.run_id,
        estimate: target.estimate ?? null,
        cost: finished.cost,
        failed_jobs: failure?.failedJobs ?? [],
        ...(ingest !== undefined && { ingest: ingest.result ?? null }),
        ...(ingest?.error !== undefined && { ingest_error: ingest.error }),
      });
    } else {
      printRunProtocol(deps.io, summary);
      if (ingest?.result !== undefined) printLine(deps.io, formatIngestLine(ingest.result));
      if (failure !== undefined) deps.io.stderr(`kroma: ${failure.message}\n`);
    }
    if (ingest?.error !== undefined) deps.io.stderr(`kroma: ${ingest.error}\n`);
    if (failure !== undefined || ingest?.error !== undefined) throw new ExitCodeSignal(EXIT_FAILURE);
  });
}

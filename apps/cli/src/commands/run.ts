import { InvalidArgumentError, Option, type Command } from 'commander';
import { SharpImageAnalyzer } from '@kroma/adapters';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ZRunLogSchema, type TRunLog } from '@kroma/contract';
import {
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_CONCURRENCY,
  executeRun,
  resumeRun,
  RunFailedError,
  runLogPath,
  runPostprocessChain,
  type TConfigRoots,
  type TCostEstimate,
  type TExecuteRunDeps,
  type TExecuteRunOptions,
} from '@kroma/pipeline';
import { openAIEditor, postprocessAdapters, refineSettings } from '../adapters.js';
import { loadColorProfiles } from '../color-profiles.js';
import { shownPath, type TCliEnvironment } from '../context.js';
import type { TCommandDeps } from '../deps.js';
import { addGuardOptions, addPlanOptions, addPostOptions, addProjectOptions, addSettingsOptions, parseCsv, parseNonNegativeNumber, parsePositiveInt } from '../options.js';
import { ExitCodeSignal, EXIT_FAILURE, printJson, printLine, UsageError } from '../output.js';
import { planFromFlags, type TPlanFlags } from '../plan.js';
import { createProgressReporter } from '../progress.js';
import { formatEstimate, printRunProtocol, type TRunSummary } from '../protocol.js';
import { resolveSettings } from '../settings.js';

interface TRunFlags extends TPlanFlags {
  concurrency: number;
  maxCost?: number;
  timeout: number;
  resume?: string;
  only?: string[];
}

const parseTimeout = (value: string): number => {
  const seconds = parseNonNegativeNumber(value);
  if (seconds === 0) throw new InvalidArgumentError('expected a number of seconds > 0.');
  return seconds;
};

/** The engine's adapters: the OpenAI editor, sharp QA and — when a pass is on — the post-process chain. */
async function engineDeps(cli: TCliEnvironment, log: TRunLog, roots: TConfigRoots, flags: TRunFlags): Promise<TExecuteRunDeps> {
  const editor = openAIEditor(cli.env);
  if (editor === undefined) throw new UsageError('OPENAI_API_KEY is not set (in the environment or the app root .env)');
  const deps: TExecuteRunDeps = { editor, analyzer: new SharpImageAnalyzer() };
  const planned = log.postprocess;
  if (!planned.bg_remove && !planned.upscale && !planned.color) return deps;
  const { postprocessConfig: config } = await resolveSettings(roots, flags);
  const adapters = postprocessAdapters(config, roots.appRoot, cli.env);
  const colorProfiles = await loadColorProfiles(config.color.settings_file, roots);
  const refine = refineSettings(config, cli.env, flags.timeout * 1000);
  deps.postprocess = async (context) =>
    runPostprocessChain({ ...roots, rawOutput: context.rawOutput, planned, config, adapters, colorProfiles, refine });
  return deps;
}

interface TRunTarget {
  log: TRunLog;
  path: string;
  slug: string;
  roots: TConfigRoots;
  estimate?: TCostEstimate;
}

/** A new run: plan it (the estimate is printed before the spend lock is checked) and pick its log path. */
async function planNewRun(cli: TCliEnvironment, flags: TRunFlags, deps: TCommandDeps): Promise<TRunTarget> {
  const now = new Date();
  const { log, estimate, project, roots } = await planFromFlags(cli, { ...flags, confirmSpend: true }, 'run', now, (message) =>
    deps.io.stderr(`kroma: warning: ${message}\n`),
  );
  if (flags.json !== true) printLine(deps.io, formatEstimate(estimate));
  return { log, path: runLogPath(project.projectRoot, now), slug: project.slug, roots, estimate };
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

/** `kroma run --confirm-spend`: plan (or resume), show the estimate, generate, QA, rank, post-process, log. */
export function registerRun(program: Command, deps: TCommandDeps): void {
  const command = program
    .command('run')
    .description('generate candidates with OpenAI, post-process, QA and rank them; needs --confirm-spend and OPENAI_API_KEY')
    .option('--confirm-spend', 'allow paid image calls (required)')
    .addOption(new Option('--concurrency <n>', 'image calls in flight at once').argParser(parsePositiveInt).default(DEFAULT_CONCURRENCY))
    .addOption(new Option('--max-cost <usd>', 'stop cleanly before the call that would pass this cost').argParser(parseNonNegativeNumber))
    .addOption(new Option('--timeout <s>', 'per-call timeout in seconds').argParser(parseTimeout).default(DEFAULT_CALL_TIMEOUT_MS / 1000))
    .option('--resume <run log>', 'finish the unfinished jobs of an earlier run log (planning flags are ignored)')
    .addOption(new Option('--only <job ids>', 'regenerate only these jobs (CSV)').argParser(parseCsv));
  for (const add of [addProjectOptions, addPlanOptions, addSettingsOptions, addPostOptions, addGuardOptions]) add(command);
  command.action(async (flags: TRunFlags) => {
    const cli = deps.environment();
    if (flags.resume !== undefined && flags.only !== undefined) throw new UsageError('--resume and --only cannot be combined');
    const target = flags.resume === undefined ? await planNewRun(cli, flags, deps) : await loadResumedRun(cli, flags.resume);
    if (flags.confirmSpend !== true) throw new UsageError('spending is locked: pass --confirm-spend to make paid image calls');
    const { log, path, slug, roots } = target;
    const engine = await engineDeps(cli, log, roots, flags);
    const progress = createProgressReporter(deps.io);
    const options: TExecuteRunOptions = {
      runLogPath: path,
      appRoot: cli.appRoot,
      projectRoot: roots.projectRoot,
      concurrency: flags.concurrency,
      callTimeoutMs: flags.timeout * 1000,
      ...(flags.maxCost !== undefined && { maxCostUsd: flags.maxCost }),
      ...(flags.only !== undefined && { only: flags.only }),
      onProgress: progress.update,
    };
    let finished: TRunLog;
    let failure: RunFailedError | undefined;
    try {
      finished = flags.resume === undefined ? await executeRun(log, engine, options) : await resumeRun(path, engine, options);
    } catch (error) {
      if (!(error instanceof RunFailedError)) throw error;
      failure = error;
      finished = error.log;
    } finally {
      progress.stop();
    }
    const summary: TRunSummary = {
      run_log_path: shownPath(path, cli.appRoot),
      project_slug: slug,
      project_root: shownPath(roots.projectRoot, cli.appRoot),
      jobs: finished.jobs.length,
      mode: 'run',
    };
    if (flags.json === true) {
      printJson(deps.io, { ok: failure === undefined, ...summary, run_id: finished.run_id, estimate: target.estimate ?? null, cost: finished.cost, failed_jobs: failure?.failedJobs ?? [] });
    } else {
      printRunProtocol(deps.io, summary);
      if (failure !== undefined) deps.io.stderr(`kroma: ${failure.message}\n`);
    }
    if (failure !== undefined) throw new ExitCodeSignal(EXIT_FAILURE);
  });
}

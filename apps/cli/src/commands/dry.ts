import type { Command } from 'commander';
import { formatEstimate, runLogPath, writeFileAtomic, type TRunProtocolSummary } from '@kroma/pipeline';
import { shownPath } from '../context.js';
import type { TCommandDeps } from '../deps.js';
import { addGuardOptions, addPlanOptions, addPostOptions, addProjectOptions, addSettingsOptions } from '../options.js';
import { printJson, printLine } from '../output.js';
import { planFromFlags, type TPlanFlags } from '../plan.js';
import { printRunProtocol } from '../protocol.js';

/** `kroma dry`: plan the run and write its log with every job `planned`; no paid call is made. */
export function registerDry(program: Command, deps: TCommandDeps): void {
  const command = program
    .command('dry')
    .description('plan jobs and write a run log (runs/run_<stamp>.json) with status "planned"; no API calls');
  for (const add of [addProjectOptions, addPlanOptions, addSettingsOptions, addPostOptions, addGuardOptions]) add(command);
  command.action(async (flags: TPlanFlags) => {
    const cli = deps.environment();
    const now = new Date();
    const { log, estimate, project } = await planFromFlags(cli, flags, 'dry', now, (message) => deps.io.stderr(`kroma: warning: ${message}\n`));
    const path = runLogPath(project.projectRoot, now);
    await writeFileAtomic(path, `${JSON.stringify(log, null, 2)}\n`);
    const summary: TRunProtocolSummary = {
      run_log_path: shownPath(path, cli.appRoot),
      project_slug: project.slug,
      project_root: shownPath(project.projectRoot, cli.appRoot),
      jobs: log.jobs.length,
      mode: 'dry',
    };
    if (flags.json === true) {
      printJson(deps.io, { ok: true, ...summary, run_id: log.run_id, estimate });
      return;
    }
    printLine(deps.io, formatEstimate(estimate));
    printRunProtocol(deps.io, summary);
  });
}

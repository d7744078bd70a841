import { Command } from 'commander';
import { findAppRoot, loadAppRootEnv } from '@kroma/db';
import type { TCliEnvironment } from './context.js';
import type { TCommandDeps } from './deps.js';
import { exitCodeFor, processIo, type TCliIo } from './output.js';
import { registerArchiveBad } from './commands/archive-bad.js';
import { registerBgRemove } from './commands/bgremove.js';
import { registerBootstrap } from './commands/bootstrap.js';
import { registerColor } from './commands/color.js';
import { registerDry } from './commands/dry.js';
import { registerExport } from './commands/export.js';
import { registerGenerateOne } from './commands/generate-one.js';
import { registerImport } from './commands/import.js';
import { registerIngest } from './commands/ingest.js';
import { registerQa } from './commands/qa.js';
import { registerRun } from './commands/run.js';
import { registerServe } from './commands/serve.js';
import { registerSync } from './commands/sync.js';
import { registerUpscale } from './commands/upscale.js';
import { registerValidateConfig } from './commands/validate-config.js';

export interface TBuildProgramOptions {
  io?: TCliIo;
  /** Default `process.env`; `.env` values are added to this object (never overriding a set variable). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stopSignal?: AbortSignal;
}

/**
 * The `kroma` program. Commander never exits the process (`exitOverride`): parse errors surface as
 * CommanderError, which `runCli` maps to exit code 2.
 */
export function buildProgram(options: TBuildProgramOptions = {}): Command {
  const io = options.io ?? processIo();
  let environment: TCliEnvironment | undefined;
  const deps: TCommandDeps = {
    io,
    stopSignal: options.stopSignal,
    environment: () => {
      if (environment === undefined) {
        const env = options.env ?? process.env;
        const cwd = options.cwd ?? process.cwd();
        const appRoot = findAppRoot(cwd, env);
        loadAppRootEnv(appRoot, env);
        environment = { appRoot, env, cwd };
      }
      return environment;
    },
  };
  const program = new Command('kroma')
    .description('Kroma image pipeline: plan, generate, post-process and check comic panels')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  const verbs = [
    registerValidateConfig,
    registerDry,
    registerRun,
    registerGenerateOne,
    registerUpscale,
    registerColor,
    registerBgRemove,
    registerQa,
    registerArchiveBad,
    registerIngest,
    registerBootstrap,
    registerExport,
    registerImport,
    registerSync,
    registerServe,
  ];
  for (const register of verbs) {
    register(program, deps);
  }
  // Subcommands inherit neither the output nor exitOverride from the parent when created with `.command()`.
  for (const command of program.commands) command.configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).exitOverride();
  return program;
}

/** Runs one command line (without `node` and the script) and returns its exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], options: TBuildProgramOptions = {}): Promise<number> {
  const io = options.io ?? processIo();
  const program = buildProgram({ ...options, io });
  try {
    // No verb at all means `dry`, as in the original; anything else unknown is a usage error.
    await program.parseAsync(argv.length === 0 ? ['dry'] : [...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

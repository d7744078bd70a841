import type { Command } from 'commander';
import { loadServerConfig, startServer } from '@kroma/server';
import type { TCommandDeps } from '../deps.js';
import { printLine } from '../output.js';

/** Resolves on the first of SIGINT, SIGTERM or the deps' stop signal. */
function waitForStop(stopSignal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const finish = (reason: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      stopSignal?.removeEventListener('abort', onAbort);
      resolve(reason);
    };
    const onInt = () => finish('SIGINT');
    const onTerm = () => finish('SIGTERM');
    const onAbort = () => finish('stop');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (stopSignal?.aborted) finish('stop');
    else stopSignal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `kroma serve`: the REST server, configured by the same environment variables as `apps/server`'s entry. */
export function registerServe(program: Command, deps: TCommandDeps): void {
  program
    .command('serve')
    .description('start the REST server (KROMA_BACKEND_BIND, KROMA_BACKEND_DB, …); stops on SIGINT/SIGTERM')
    .action(async () => {
      const cli = deps.environment();
      const config = loadServerConfig({ ...cli.env, KROMA_APP_ROOT: cli.appRoot }, cli.cwd);
      const server = await startServer(config, { env: cli.env });
      printLine(deps.io, `Kroma server listening on ${server.url} (database ${config.dbPath})`);
      const reason = await waitForStop(deps.stopSignal);
      printLine(deps.io, `Stopping (${reason})`);
      await server.close();
    });
}

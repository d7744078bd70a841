import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The BUILT worker (`cd apps/worker && npx tsup`): a real process that can be killed. */
export const WORKER_MAIN = resolve(fileURLToPath(import.meta.url), '../../../dist/main.js');

export const workerBuilt = (): boolean => existsSync(WORKER_MAIN);

export interface TChildWorker {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code and signal. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** `node dist/main.js <argv>` in `appRoot` (KROMA_APP_ROOT), output captured. */
export function spawnWorker(appRoot: string, argv: string[], env: NodeJS.ProcessEnv = {}): TChildWorker {
  const child = spawn(process.execPath, [WORKER_MAIN, ...argv], {
    cwd: appRoot,
    env: { PATH: process.env.PATH, KROMA_APP_ROOT: appRoot, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Kills what is still running (SIGKILL): for afterEach. */
export function killAll(workers: TChildWorker[]): void {
  for (const { child } of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

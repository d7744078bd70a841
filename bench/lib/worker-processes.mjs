// `kroma-worker` processes for the bench: the BUILT worker in direct mode on one SQLite file.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WORKER_MAIN = fileURLToPath(new URL('../../apps/worker/dist/main.js', import.meta.url));

export function requireBuiltWorker() {
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: build the worker (cd apps/worker && npx tsup)`);
}

/** Starts a worker and resolves once it has opened the database and started polling. */
export async function startWorker({ appRoot, dbPath, agentUrl, workerId, pollSeconds }) {
  const argv = [WORKER_MAIN, '--db', dbPath, '--agent-api-url', agentUrl, '--worker-id', workerId];
  if (pollSeconds !== undefined) argv.push('--poll-interval-seconds', String(pollSeconds));
  const child = spawn(process.execPath, argv, { cwd: appRoot, env: { PATH: process.env.PATH, KROMA_APP_ROOT: appRoot }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit');
  const deadline = Date.now() + 15_000;
  while (!stderr.includes('working on')) {
    if (child.exitCode !== null) throw new Error(`worker ${workerId} exited early: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`worker ${workerId} did not start within 15 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    /** SIGTERM, then its `{ok, worker_id, processed}`. */
    async stop() {
      child.kill('SIGTERM');
      const [code] = await exited;
      if (code !== 0) throw new Error(`worker ${workerId} exited with ${code}: ${stderr}`);
      return JSON.parse(stdout);
    },
    kill: () => child.exitCode === null && child.kill('SIGKILL'),
  };
}

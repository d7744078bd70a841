// Child processes for the benchmark: a free loopback port, start/stop, readiness, resident memory.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const HOST = '127.0.0.1';
const OUTPUT_TAIL_LINES = 40;

/** A port the OS just handed out on loopback (released again before the child binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node <script> …args` with exactly `env`. Output is kept (last lines only) for error messages rather
 * than printed, so it never mixes with the results table.
 */
export function startNodeProcess(name, script, args, { env, cwd, nodeFlags = [] }) {
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const keep = (chunk) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line);
      if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  return {
    name,
    pid: child.pid,
    get exited() {
      return exited;
    },
    output: () => tail.join('\n'),
    async stop(graceMs = 3_000) {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exit;
        clearTimeout(timer);
      }
      // A grandchild could still hold the pipes open, which would keep this process alive.
      child.stdout.destroy();
      child.stderr.destroy();
      return exited;
    },
  };
}

/** Polls `url` until it answers (any status) or the process exits or the time is up. */
export async function waitUntilListening(proc, url, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exited) break;
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const why = proc.exited ? `exited (code ${proc.exited.code}, signal ${proc.exited.signal})` : `did not answer within ${timeoutMs} ms`;
  throw new Error(`${proc.name} ${why} at ${url}.\n--- last output of ${proc.name} ---\n${proc.output() || '(none)'}`);
}

/** Resident set size in MB from `/proc/<pid>/status` (VmRSS); `null` where /proc is not available. */
export function residentMemoryMb(pid, field = 'VmRSS') {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

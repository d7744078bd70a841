import { describe, expect, it } from 'vitest';
import { buildWorkerProgram, runWorker, settingsFromFlags, type TWorkerFlags } from '../src/index.js';

const quiet = { stdout: () => undefined, stderr: () => undefined };

function parse(argv: string[]): TWorkerFlags {
  const program = buildWorkerProgram(quiet);
  program.parse(argv, { from: 'user' });
  return program.opts<TWorkerFlags>();
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text) };
  const code = await runWorker(argv, { io, env, cwd: process.cwd() });
  return { code, stdout, stderr };
}

describe('kroma-worker flags (data.md §3.6)', () => {
  it('has the original defaults', () => {
    const settings = settingsFromFlags(parse([]), {});
    expect(settings).toMatchObject({
      pollIntervalSeconds: 2,
      maxLockedSeconds: 120,
      defaultMaxAttempts: 3,
      retryBackoffSeconds: 10,
      dispatch: { timeoutSeconds: 20, retries: 2, backoffSeconds: 1.5 },
      once: false,
      shutdownGraceSeconds: 10,
    });
    expect(settings.workerId).toMatch(/^worker-[0-9a-f]{8}$/);
    expect(settings.agentApiUrl).toBeUndefined();
    expect(parse([]).serverUrl).toBe('http://127.0.0.1:8788');
  });

  it('raises values below the minimums instead of refusing them', () => {
    const flags = parse([
      '--poll-interval-seconds', '0',
      '--max-locked-seconds', '0.2',
      '--default-max-attempts', '0',
      '--retry-backoff-seconds', '0.5',
      '--dispatch-timeout', '0.01',
      '--dispatch-retries', '-3',
      '--dispatch-backoff-seconds', '0',
    ]);
    expect(settingsFromFlags(flags, {})).toMatchObject({
      pollIntervalSeconds: 0.1,
      maxLockedSeconds: 1,
      defaultMaxAttempts: 1,
      retryBackoffSeconds: 1,
      dispatch: { timeoutSeconds: 0.1, retries: 0, backoffSeconds: 0.1 },
    });
  });

  it('takes the agent target from the flags, else IAT_AGENT_API_URL / IAT_AGENT_API_TOKEN; blank is unset', () => {
    const env = { IAT_AGENT_API_URL: ' http://agent.local/x ', IAT_AGENT_API_TOKEN: 'env-token' };
    expect(settingsFromFlags(parse([]), env)).toMatchObject({ agentApiUrl: 'http://agent.local/x', agentApiToken: 'env-token' });
    const flagged = settingsFromFlags(parse(['--agent-api-url', 'http://flag/', '--agent-api-token', 't', '--worker-id', ' w1 ']), env);
    expect(flagged).toMatchObject({ agentApiUrl: 'http://flag/', agentApiToken: 't', workerId: 'w1' });
    const blank = settingsFromFlags(parse(['--worker-id', ' ']), { IAT_AGENT_API_URL: '  ' });
    expect(blank.agentApiUrl).toBeUndefined();
    expect(blank.workerId).toMatch(/^worker-/);
  });

  it('refuses a non-number, a fractional count, a bad server URL and --db with --server-url (exit 2)', async () => {
    for (const argv of [
      ['--poll-interval-seconds', 'soon'],
      ['--dispatch-retries', '1.5'],
      ['--server-url', 'localhost:8788'],
      ['--db', 'x.db', '--server-url', 'http://127.0.0.1:1'],
      ['--no-such-flag'],
    ]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });

  it('--help lists every flag and never prints a token from the environment', async () => {
    let out = '';
    const code = await runWorker(['--help'], { io: { stdout: (text) => void (out += text), stderr: () => undefined }, env: { KROMA_API_TOKEN: 'sekrit', IAT_AGENT_API_TOKEN: 'sekrit' } });
    expect(code).toBe(0);
    for (const flag of ['--poll-interval-seconds', '--max-locked-seconds', '--default-max-attempts', '--retry-backoff-seconds', '--dispatch-timeout', '--dispatch-retries', '--dispatch-backoff-seconds', '--worker-id', '--once', '--agent-api-url', '--agent-api-token', '--server-url', '--token', '--db']) {
      expect(out).toContain(flag);
    }
    expect(out).not.toContain('sekrit');
  });

  it('an unreachable server in --once mode ends with ok:false and exit 1', async () => {
    const result = await run(['--once', '--server-url', 'http://127.0.0.1:1', '--worker-id', 'w-down']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, worker_id: 'w-down', processed: 0, error: expect.stringContaining('cannot reach the server at http://127.0.0.1:1') });
  });

  it('--db naming a missing file ends with ok:false instead of creating an empty database', async () => {
    const result = await run(['--once', '--db', 'no/such/app.db', '--worker-id', 'w-nodb'], { KROMA_APP_ROOT: '/tmp' });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, worker_id: 'w-nodb', processed: 0, error: 'database file not found: /tmp/no/such/app.db' });
  });
});

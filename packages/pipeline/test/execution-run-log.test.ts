import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { RunLogWriter, writeFileAtomic } from '../src/index.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kroma-runlog-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates folders, writes the content and leaves no temp file behind', async () => {
    const dir = tempDir();
    const path = join(dir, 'runs/deeper/run.json');
    await writeFileAtomic(path, '{"a":1}\n');
    await writeFileAtomic(path, '{"a":2}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"a":2}\n');
    expect(readdirSync(join(dir, 'runs/deeper'))).toEqual(['run.json']);
  });
});

describe('RunLogWriter', () => {
  it('serializes and coalesces updates: the file always holds the latest complete log', async () => {
    const dir = tempDir();
    const writer = new RunLogWriter(join(dir, 'run.json'), { jobs: [] as number[] });
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer.update((log) => void log.jobs.push(i))));
    await writer.flush();
    const onDisk = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { jobs: number[] };
    expect(onDisk.jobs).toHaveLength(50);
    // 50 updates before the first write starts are coalesced into that one write.
    expect(writer.writes).toBe(1);
    const during = writer.update((log) => void log.jobs.push(50));
    const after = writer.update((log) => void log.jobs.push(51));
    expect(during).toBe(after);
    await after;
    expect(writer.writes).toBe(2);
    expect((JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { jobs: number[] }).jobs).toHaveLength(52);
    expect(readFileSync(join(dir, 'run.json'), 'utf8').endsWith('}\n')).toBe(true);
  });

  it('leaves a valid log when the process is killed mid-run', async () => {
    const dir = tempDir();
    const path = join(dir, 'run.json');
    // The child runs the real module, transpiled to plain JavaScript (Node 20 cannot run TypeScript itself).
    const tsSource = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../src/execution/atomic-file.ts'), 'utf8');
    const source = join(dir, 'atomic-file.mjs');
    writeFileSync(source, ts.transpileModule(tsSource, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
    // A child process rewrites a growing log as fast as it can until it is killed with SIGKILL.
    const script = `
      const { writeFileAtomic } = await import(${JSON.stringify(source)});
      const log = { jobs: [] };
      for (let i = 0; ; i++) {
        log.jobs.push({ id: 'job_' + i, prompt: 'x'.repeat(2000) });
        await writeFileAtomic(${JSON.stringify(path)}, JSON.stringify(log, null, 2) + '\\n');
        if (i === 5) process.stdout.write('ready\\n');
      }`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolveReady, reject) => {
      child.stdout.once('data', () => resolveReady());
      child.once('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const log = JSON.parse(readFileSync(path, 'utf8')) as { jobs: unknown[] };
    expect(log.jobs.length).toBeGreaterThan(5);
  });
});

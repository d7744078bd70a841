import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { runCli } from '../src/index.js';

/** A temp app root (`KROMA_APP_ROOT`) with a project folder `proj` inside it. */
export interface TTempApp {
  appRoot: string;
  projectRoot: string;
  env: NodeJS.ProcessEnv;
  remove: () => void;
}

export function makeTempApp(): TTempApp {
  const appRoot = mkdtempSync(join(tmpdir(), 'kroma-cli-'));
  const projectRoot = join(appRoot, 'proj');
  mkdirSync(projectRoot);
  return {
    appRoot,
    projectRoot,
    env: { KROMA_APP_ROOT: appRoot, PATH: process.env.PATH },
    remove: () => rmSync(appRoot, { recursive: true, force: true }),
  };
}

export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A real PNG filled with one opaque colour. */
export async function writePng(path: string, rgb: { r: number; g: number; b: number }, size = 16): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await sharp({ create: { width: size, height: size, channels: 3, background: rgb } }).png().toFile(path);
}

export interface TCliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kroma <argv>` in-process against `app` with captured output. */
export async function kroma(app: TTempApp, argv: string[], stopSignal?: AbortSignal): Promise<TCliRun> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), isTty: false };
  const code = await runCli(argv, { io, env: app.env, cwd: app.appRoot, stopSignal });
  return { code, stdout, stderr };
}

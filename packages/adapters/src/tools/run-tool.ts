import { stat } from 'node:fs/promises';
import { execa } from 'execa';
import { ToolNotInstalledError } from '../interfaces/errors.js';

export interface TToolCommand {
  /** Tool name for messages (`rembg`, `realesrgan-ncnn`, …). */
  tool: string;
  file: string;
  args: string[];
  installHint: string;
  /** Output that means a dependency of the tool is missing (e.g. `No module named rembg`). */
  notInstalledOutput?: RegExp;
  timeoutMs?: number;
}

const STDERR_TAIL_LINES = 12;
const STDERR_TAIL_CHARS = 1500;

export function outputTail(text: string): string {
  const lines = text.trimEnd().split(/\r?\n/).slice(-STDERR_TAIL_LINES).join('\n');
  return lines.length > STDERR_TAIL_CHARS ? lines.slice(-STDERR_TAIL_CHARS) : lines;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Bare command names are looked up on PATH by the spawn itself; anything path-like must exist. */
const isPathLike = (file: string): boolean => file.includes('/') || file.includes('\\') || file.startsWith('.');

export async function requireInstalled(tool: string, path: string, installHint: string, what = 'path'): Promise<void> {
  if (!(await exists(path))) throw new ToolNotInstalledError(tool, `${what} ${path} does not exist; ${installHint}`);
}

/** Runs a local tool; a missing tool throws `ToolNotInstalledError`, a failing one an Error with its stderr tail. */
export async function runTool(command: TToolCommand): Promise<void> {
  const { tool, file, installHint } = command;
  if (isPathLike(file)) await requireInstalled(tool, file, installHint, 'executable');
  const result = await execa(file, command.args, { reject: false, stdin: 'ignore', timeout: command.timeoutMs });
  if (result.code === 'ENOENT') throw new ToolNotInstalledError(tool, `${file} was not found on PATH; ${installHint}`);
  if (!result.failed) return;
  const output = result.stderr.trim() === '' ? result.stdout : result.stderr;
  if (command.notInstalledOutput?.test(output) === true) throw new ToolNotInstalledError(tool, `${outputTail(output).split('\n').at(-1) ?? ''}; ${installHint}`);
  const how = result.timedOut ? `timed out after ${command.timeoutMs} ms` : result.exitCode !== undefined ? `exit code ${result.exitCode}` : (result.signal ?? result.shortMessage ?? 'unknown failure');
  throw new Error(`${tool} failed (${how}): ${outputTail(output) || '(no output)'}`);
}

/** Fails clearly when a tool exited successfully without writing the file it was asked for. */
export async function requireToolOutput(tool: string, path: string): Promise<void> {
  if (!(await exists(path))) throw new Error(`${tool} exited successfully but wrote no output file`);
}

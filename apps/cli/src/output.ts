import { CommanderError } from 'commander';

/** Exit codes of every verb (documented in the README). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Where a verb writes; the entry passes the process streams, tests pass collectors. */
export interface TCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Draw a progress bar instead of plain progress lines. */
  isTty: boolean;
}

export const processIo = (): TCliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stderr.isTTY === true,
});

/** A mistake in how the command was called: exit 2, like commander's own parse errors. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A verb that finished but must report failure (a QA hard failure): its output is already printed. */
export class ExitCodeSignal extends Error {
  override readonly name = 'ExitCodeSignal';
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

export const printLine = (io: TCliIo, line: string): void => io.stdout(`${line}\n`);

/** One compact JSON object on its own line (what scripts read). */
export const printJson = (io: TCliIo, value: unknown): void => io.stdout(`${JSON.stringify(value)}\n`);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Maps anything a verb threw to its exit code, printing the message on stderr. */
export function exitCodeFor(error: unknown, io: TCliIo): number {
  if (error instanceof ExitCodeSignal) return error.exitCode;
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help) through the configured output.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
    if (error.code === 'commander.help') return EXIT_OK;
    return EXIT_USAGE;
  }
  io.stderr(`kroma: ${messageOf(error)}\n`);
  return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
}

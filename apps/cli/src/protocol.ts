import { formatRunProtocol, type TRunProtocolSummary } from '@kroma/pipeline';
import type { TCliIo } from './output.js';

/** `Run log:`, `Project:`, `Project root:`, `Jobs:`, then the marker line the server's post-run parses. */
export const printRunProtocol = (io: TCliIo, summary: TRunProtocolSummary): void => io.stdout(formatRunProtocol(summary));

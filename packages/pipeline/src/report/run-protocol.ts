import type { TRunMode } from '../planning/gates.js';

/** The values of the §1.8 stdout protocol (paths as shown: app-root-relative, or absolute outside it). */
export interface TRunProtocolSummary {
  run_log_path: string;
  project_slug: string;
  project_root: string;
  jobs: number;
  mode: TRunMode;
}

export const SUMMARY_MARKER = 'KROMA_PIPELINE_SUMMARY_JSON: ';

/**
 * `Run log:`, `Project:`, `Project root:`, `Jobs:`, then the marker line a post-run parses; each line ends with a
 * newline, as a process's stdout would.
 */
export function formatRunProtocol(summary: TRunProtocolSummary): string {
  const lines = [
    `Run log: ${summary.run_log_path}`,
    `Project: ${summary.project_slug}`,
    `Project root: ${summary.project_root}`,
    `Jobs: ${summary.jobs} (${summary.mode === 'dry' ? 'dry/planned' : 'run/completed'})`,
    `${SUMMARY_MARKER}${JSON.stringify(summary)}`,
  ];
  return lines.map((line) => `${line}\n`).join('');
}

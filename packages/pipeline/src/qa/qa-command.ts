import type { TOutputGuardFileEntry, TOutputGuardReport, TOutputGuardSummary } from './output-guard-report.js';

/** `qa --json` when the guard ran (§1.7). The text mode exits 1 on hard failures; `--json` always exits 0 (scripts read `has_hard_failures`). */
export interface TQaCheckedResult {
  ok: boolean;
  enabled: true;
  has_hard_failures: boolean;
  input: string;
  summary: TOutputGuardSummary;
  report: TOutputGuardReport;
}

/** `qa --json` with the guard switched off. */
export interface TQaSkippedResult {
  ok: true;
  skipped: true;
  enabled: false;
  reason: 'output_guard_disabled';
}

export type TQaCommandResult = TQaCheckedResult | TQaSkippedResult;

export function qaCommandResult(report: TOutputGuardReport | null, enabled: boolean): TQaCommandResult {
  if (!enabled) return { ok: true, skipped: true, enabled: false, reason: 'output_guard_disabled' };
  if (report === null) throw new Error('qaCommandResult: an enabled guard needs a report');
  const hasHardFailures = report.summary.hard_failures > 0;
  return {
    ok: !hasHardFailures,
    enabled: true,
    has_hard_failures: hasHardFailures,
    input: report.input,
    summary: { ...report.summary },
    report,
  };
}

const describeEntry = (entry: TOutputGuardFileEntry, reasons: readonly string[]): string => {
  const chroma = entry.chroma_delta === null ? '' : ` (chroma ${entry.chroma_delta})`;
  const error = entry.error === undefined || reasons.includes(entry.error) ? '' : `: ${entry.error}`;
  return `${entry.file}${chroma} — ${reasons.join(', ')}${error}`;
};

/** Text mode of `qa`: the totals, then each failed file and each warned file with its reasons. */
export function formatQaText(report: TOutputGuardReport): string {
  const { total_files, hard_failures, soft_warnings } = report.summary;
  const lines = [
    `Output guard: ${report.input}`,
    `Files: ${total_files}, hard failures: ${hard_failures}, soft warnings: ${soft_warnings}`,
  ];
  for (const entry of report.files) {
    if (entry.hard_fail_reasons.length > 0) lines.push(`FAIL ${describeEntry(entry, entry.hard_fail_reasons)}`);
    if (entry.soft_warnings.length > 0) lines.push(`WARN ${describeEntry(entry, entry.soft_warnings)}`);
  }
  lines.push(hard_failures > 0 ? 'Result: FAILED' : 'Result: OK');
  return lines.join('\n');
}

// Targets, verdicts, the printed table (Markdown, so it can be pasted into docs/performance.md) and the JSON file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const P99_TARGET_MS = 20;
export const RSS_TARGET_MB = 150;

/** Kroma's result for one workload against its baseline measured in the same run. */
export function judge(workload, kroma, baseline) {
  const ratio = baseline.requests_per_second > 0 ? kroma.requests_per_second / baseline.requests_per_second : 0;
  const problems = [];
  if (kroma.non_2xx > 0 || kroma.errors > 0) problems.push(`Kroma: ${kroma.non_2xx} non-2xx, ${kroma.errors} errors`);
  if (baseline.non_2xx > 0 || baseline.errors > 0) problems.push(`baseline: ${baseline.non_2xx} non-2xx, ${baseline.errors} errors`);
  const pass = problems.length === 0 && ratio >= workload.minRatio && kroma.latency_p99_ms < P99_TARGET_MS;
  return { ratio, pass, problems };
}

export const targetText = (workload) => `ratio ≥ ${workload.minRatio.toFixed(2)}, p99 < ${P99_TARGET_MS} ms`;

const fixed = (value, digits) => (typeof value === 'number' ? value.toFixed(digits) : '—');
const latencies = (figures) => (figures ? `${fixed(figures.latency_p50_ms, 2)} / ${fixed(figures.latency_p99_ms, 2)}` : '—');
const rate = (figures) => (figures ? Math.round(figures.requests_per_second).toLocaleString('en-US') : '—');

function markdownTable(header, rows) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** `results`: `[{ workload, kroma?, baseline?, verdict?, skipped? }]`. */
export function formatResults(results, memory) {
  const header = ['workload', 'Kroma req/s', 'baseline req/s', 'ratio', 'Kroma p50 / p99 ms', 'baseline p50 / p99 ms', 'target', 'result'];
  const rows = results.map(({ workload, kroma, baseline, verdict, skipped }) => [
    workload.label,
    rate(kroma),
    rate(baseline),
    verdict ? fixed(verdict.ratio, 2) : '—',
    latencies(kroma),
    latencies(baseline),
    targetText(workload),
    skipped ? 'SKIPPED' : verdict.pass ? 'PASS' : 'MISS',
  ]);
  const notes = [];
  for (const { workload, verdict, skipped } of results) {
    if (skipped) notes.push(`- ${workload.label} skipped: ${skipped}`);
    else if (verdict.problems.length > 0) notes.push(`- ${workload.label}: ${verdict.problems.join('; ')}`);
  }
  const rss = memory.kroma_rss_mb;
  const rssLine =
    rss === null
      ? `Kroma RSS after the run: n/a (no /proc on this system), target < ${RSS_TARGET_MB} MB`
      : `Kroma RSS after the run: ${rss.toFixed(1)} MB (target < ${RSS_TARGET_MB} MB): ${rss < RSS_TARGET_MB ? 'PASS' : 'MISS'}` +
        (memory.baseline_rss_mb === null ? '' : `   (baseline process: ${memory.baseline_rss_mb.toFixed(1)} MB)`) +
        (memory.kroma_peak_rss_mb == null
          ? ''
          : `\nPeak RSS during the run: Kroma ${memory.kroma_peak_rss_mb.toFixed(1)} MB, baseline ${memory.baseline_peak_rss_mb?.toFixed(1) ?? '?'} MB`);
  return [markdownTable(header, rows), ...(notes.length ? ['', ...notes] : []), '', rssLine].join('\n');
}

/** Writes the run's figures to `<dir>/api-<timestamp>.json` and returns the path. */
export function writeJsonReport(dir, report) {
  mkdirSync(dir, { recursive: true });
  const stamp = report.started_at.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const path = join(dir, `api-${stamp}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}

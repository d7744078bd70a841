import { SharpImageAnalyzer } from '@kroma/adapters';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildOutputGuardReport, formatQaText, qaCommandResult } from '../src/qa/index.js';
import { createQaSandbox, writeSolidPng } from './qa-fixtures.js';

let box: ReturnType<typeof createQaSandbox>;
beforeEach(() => {
  box = createQaSandbox();
});
afterEach(() => box.cleanup());

const guardReport = async () => {
  await writeSolidPng(box.path('out', 'grey.png'), { r: 50, g: 50, b: 50 });
  await writeSolidPng(box.path('out', 'red.png'), { r: 200, g: 40, b: 40 });
  await writeSolidPng(box.path('out', 'tint.png'), { r: 100, g: 102, b: 104 });
  return buildOutputGuardReport({
    input: 'out',
    settings: { max_chroma_delta: 100, enforce_grayscale: false, fail_on_chroma_exceed: true },
    analyzer: new SharpImageAnalyzer(),
    root: box.root,
  });
};

describe('qaCommandResult', () => {
  it('wraps an enabled report: ok only without hard failures', async () => {
    const report = await guardReport();
    expect(qaCommandResult(report, true)).toEqual({
      ok: false,
      enabled: true,
      has_hard_failures: true,
      input: 'out',
      summary: { total_files: 3, hard_failures: 1, soft_warnings: 0 },
      report,
    });
  });

  it('is ok with has_hard_failures false when nothing hard-failed', async () => {
    const report = await guardReport();
    const passing = { ...report, summary: { ...report.summary, hard_failures: 0 } };
    expect(qaCommandResult(passing, true)).toMatchObject({ ok: true, has_hard_failures: false });
  });

  it('reports the disabled guard as skipped', () => {
    expect(qaCommandResult(null, false)).toEqual({
      ok: true,
      skipped: true,
      enabled: false,
      reason: 'output_guard_disabled',
    });
  });
});

describe('formatQaText', () => {
  it('prints the totals and each failed file with its reasons', async () => {
    expect(formatQaText(await guardReport())).toBe(
      [
        'Output guard: out',
        'Files: 3, hard failures: 1, soft warnings: 0',
        'FAIL out/red.png (chroma 106.6667) — chroma_exceeds_threshold',
        'Result: FAILED',
      ].join('\n'),
    );
  });

  it('shows read errors and soft warnings', () => {
    const text = formatQaText({
      input: 'x',
      settings: { max_chroma_delta: 2, enforce_grayscale: false, fail_on_chroma_exceed: false },
      summary: { total_files: 2, hard_failures: 1, soft_warnings: 1 },
      files: [
        {
          file: 'x/a.png',
          chroma_delta: null,
          grayscale_like: null,
          hard_fail_reasons: ['image_read_failed'],
          soft_warnings: [],
          error: 'bad header',
        },
        {
          file: 'x/b.png',
          chroma_delta: 3,
          grayscale_like: false,
          hard_fail_reasons: [],
          soft_warnings: ['chroma_exceeds_threshold'],
        },
      ],
    });
    expect(text.split('\n').slice(2)).toEqual([
      'FAIL x/a.png — image_read_failed: bad header',
      'WARN x/b.png (chroma 3) — chroma_exceeds_threshold',
      'Result: FAILED',
    ]);
  });
});

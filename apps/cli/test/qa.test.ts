import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, writeText, type TTempApp } from './helpers.js';

describe('kroma qa', () => {
  let app: TTempApp;
  beforeEach(async () => {
    app = makeTempApp();
    await writePng(join(app.projectRoot, 'outputs/grey.png'), { r: 128, g: 128, b: 128 });
    await writePng(join(app.projectRoot, 'outputs/red.png'), { r: 200, g: 40, b: 40 });
  });
  afterEach(() => app.remove());

  const base = ['qa', '--project', 'demo', '--project-root', 'proj'];

  it('text mode exits 1 and lists the coloured image when grayscale is enforced', async () => {
    const result = await kroma(app, [...base, '--enforce-grayscale']);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Output guard: proj/outputs\n');
    expect(result.stdout).toContain('Files: 2, hard failures: 1, soft warnings: 1\n');
    expect(result.stdout).toContain('FAIL proj/outputs/red.png (chroma 106.6667) — not_grayscale_like\n');
    expect(result.stdout).toContain('WARN proj/outputs/red.png (chroma 106.6667) — chroma_exceeds_threshold\n');
    expect(result.stdout).not.toContain('grey.png');
    expect(result.stdout).toContain('Result: FAILED');
  });

  it('text mode exits 0 on a grey image', async () => {
    const result = await kroma(app, [...base, '--enforce-grayscale', 'true', '--input', 'proj/outputs/grey.png']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Files: 1, hard failures: 0, soft warnings: 0\n');
    expect(result.stdout).toContain('Result: OK');
  });

  it('without enforcement a coloured image is only a warning (exit 0)', async () => {
    const result = await kroma(app, base);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('hard failures: 0, soft warnings: 1');
  });

  it('--json prints the result object and exits 0 even with hard failures', async () => {
    const result = await kroma(app, [...base, '--enforce-grayscale', '--json']);

    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown> & { report: { files: Array<{ file: string; hard_fail_reasons: string[] }> } };
    expect(printed).toMatchObject({
      ok: false,
      enabled: true,
      has_hard_failures: true,
      input: 'proj/outputs',
      summary: { total_files: 2, hard_failures: 1, soft_warnings: 1 },
    });
    expect(printed.report.files.map((file) => [file.file, file.hard_fail_reasons])).toEqual([
      ['proj/outputs/grey.png', []],
      ['proj/outputs/red.png', ['not_grayscale_like']],
    ]);
  });

  it('takes the guard settings from the manifest and reports a disabled guard', async () => {
    writeText(join(app.appRoot, 'm.json'), JSON.stringify({ output_guard: { fail_on_chroma_exceed: true } }));
    const strict = await kroma(app, [...base, '--manifest', 'm.json', '--json']);
    expect(JSON.parse(strict.stdout)).toMatchObject({ ok: false, summary: { hard_failures: 1, soft_warnings: 0 } });

    const disabled = await kroma(app, [...base, '--output-guard-enabled', 'false', '--json']);
    expect(disabled.code).toBe(0);
    expect(JSON.parse(disabled.stdout)).toEqual({ ok: true, skipped: true, enabled: false, reason: 'output_guard_disabled' });
  });
});

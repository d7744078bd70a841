import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, type TTempApp } from './helpers.js';

describe('kroma archive-bad', () => {
  let app: TTempApp;
  beforeEach(async () => {
    app = makeTempApp();
    await writePng(join(app.projectRoot, 'outputs/bad/one.png'), { r: 200, g: 0, b: 0 });
    await writePng(join(app.projectRoot, 'outputs/bad/sub/two.png'), { r: 0, g: 200, b: 0 });
  });
  afterEach(() => app.remove());

  it('moves every image into archive/bad, keeping sub-folders, and prints the JSON result', async () => {
    const result = await kroma(app, ['archive-bad', '--project', 'demo', '--project-root', 'proj', '--input', 'proj/outputs/bad', '--json']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { ok: boolean; archive_dir: string; moved_count: number; moved: Array<{ from: string; to: string }> };
    expect(printed.ok).toBe(true);
    expect(printed.archive_dir).toBe('proj/archive/bad');
    expect(printed.moved_count).toBe(2);
    expect(printed.moved.map((move) => move.from)).toEqual(['proj/outputs/bad/one.png', 'proj/outputs/bad/sub/two.png']);
    expect(printed.moved[0]?.to).toMatch(/^proj\/archive\/bad\/one_.+\.png$/);
    expect(printed.moved[1]?.to).toMatch(/^proj\/archive\/bad\/sub\/two_.+\.png$/);
    for (const move of printed.moved) {
      expect(existsSync(join(app.appRoot, move.from))).toBe(false);
      expect(existsSync(join(app.appRoot, move.to))).toBe(true);
    }
  });

  it('text mode prints one line per move and a total; a missing input exits 1', async () => {
    const result = await kroma(app, ['archive-bad', '--project', 'demo', '--project-root', 'proj', '--input', 'proj/outputs/bad/one.png']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^proj\/outputs\/bad\/one\.png -> proj\/archive\/bad\/one_.+\.png\nArchived 1 file\(s\) into proj\/archive\/bad\n$/);

    const missing = await kroma(app, ['archive-bad', '--project', 'demo', '--project-root', 'proj', '--input', 'nowhere']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('archive-bad input not found: nowhere');
  });
});

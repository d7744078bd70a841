import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveExportTarget } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'kroma-export-target-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const STAMP = '2026-03-01T10-00-00Z';
const target = (options: Parameters<typeof resolveExportTarget>[3]) => resolveExportTarget(root, 'alpha', STAMP, options);
const failure = (options: Parameters<typeof resolveExportTarget>[3]) => {
  try {
    target(options);
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('resolveExportTarget', () => {
  it('defaults to var/exports/<slug>_<stamp>.tar.gz; format folder drops the suffix', () => {
    expect(target({})).toEqual({ absolutePath: join(root, 'var/exports/alpha_2026-03-01T10-00-00Z.tar.gz'), format: 'tar.gz', packageName: `alpha_${STAMP}` });
    expect(target({ format: ' Folder ' }).absolutePath).toBe(join(root, 'var/exports/alpha_2026-03-01T10-00-00Z'));
    expect(target({ format: 'tgz' }).format).toBe('tar.gz');
  });

  it('never reuses a default name taken in the same second', () => {
    mkdirSync(join(root, 'var/exports'), { recursive: true });
    writeFileSync(join(root, 'var/exports/alpha_2026-03-01T10-00-00Z.tar.gz'), '');
    expect(target({}).absolutePath).toBe(join(root, 'var/exports/alpha_2026-03-01T10-00-00Z_2.tar.gz'));
  });

  it("picks the format from the output's suffix (legacy: anything but .tar.gz/.tgz is a folder)", () => {
    expect(target({ output: 'out/a.tgz' }).format).toBe('tar.gz');
    expect(target({ output: 'out/a.TAR.GZ' }).format).toBe('tar.gz');
    expect(target({ output: 'out/package' })).toMatchObject({ absolutePath: join(root, 'out/package'), format: 'folder' });
  });

  it('refuses zip (no zip writer without a new dependency) and unknown formats', () => {
    expect(failure({ format: 'zip' })).toBe("Field 'format' must be one of: tar.gz, folder");
    expect(failure({ format: 'rar' })).toBe("Field 'format' must be one of: tar.gz, folder");
    expect(failure({ output: 'out/a.zip' })).toBe("Field 'format' must be one of: tar.gz, folder");
    expect(failure({ output: 'out/a.tar.gz', format: 'folder' })).toBe("Field 'format' does not match the suffix of 'output'");
  });

  it('keeps outputs inside the app root unless allowed', () => {
    expect(failure({ output: '../elsewhere.tar.gz' })).toBe("Field 'output' must be a path inside the app root");
    expect(failure({ output: '/tmp/elsewhere.tar.gz' })).toBe("Field 'output' must be a path inside the app root");
    expect(target({ output: '/tmp/elsewhere.tar.gz', allowOutsideAppRoot: true }).absolutePath).toBe('/tmp/elsewhere.tar.gz');
  });

  it('replaces only its own kind of output', () => {
    mkdirSync(join(root, 'taken/folder'), { recursive: true });
    expect(failure({ output: 'taken/folder' })).toBe(`Output '${join(root, 'taken/folder')}' already exists and is not a Kroma export folder`);
    writeFileSync(join(root, 'taken/folder/manifest.json'), '{}');
    expect(target({ output: 'taken/folder' }).format).toBe('folder');
    expect(failure({ output: 'taken/folder.tar.gz', format: 'tar.gz' })).toBe('no error');
    mkdirSync(join(root, 'taken/dir.tar.gz'));
    expect(failure({ output: 'taken/dir.tar.gz' })).toBe(`Output '${join(root, 'taken/dir.tar.gz')}' already exists and is not a Kroma export archive`);
  });
});

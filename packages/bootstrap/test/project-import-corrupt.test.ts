import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { create, extract, Header } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KromaError } from '@kroma/contract';
import { exportProject, importProject } from '../src/index.js';
import { filesOf, richProject } from './portability-support.js';
import { openTestStore, type TTestStore } from './support.js';

let source: TTestStore;
let target: TTestStore;
let archive: string;
let top: string;
let work: string;

beforeAll(async () => {
  source = await openTestStore();
  target = await openTestStore();
  await richProject(source.store, 'Night City');
  archive = (await exportProject(source.store, 'night_city', {})).export_path;
  top = archive.split('/').at(-1)!.replace(/\.tar\.gz$/, '');
  work = join(source.dir, 'corrupt');
  mkdirSync(work);
});
afterAll(async () => {
  await source.close();
  await target.close();
});

/** The archive unpacked, changed by `change`, and packed again (a tar.gz written by the tar package). */
async function repacked(name: string, change: (packageDir: string) => void): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir);
  await extract({ file: archive, cwd: dir });
  change(join(dir, top));
  const out = join(work, `${name}.tar.gz`);
  await create({ gzip: true, file: out, cwd: dir }, [top]);
  return out;
}

async function expectRefused(path: string, message: string | RegExp): Promise<void> {
  const error = await importProject(target.store, path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(KromaError);
  expect((error as KromaError).status).toBe(400);
  expect((error as KromaError).message).toMatch(message);
  // Nothing written: no project, no rows, no project folder, no staging leftovers.
  expect(await target.store.db.selectFrom('projects').selectAll().execute()).toEqual([]);
  expect(await target.store.db.selectFrom('runs').selectAll().execute()).toEqual([]);
  expect(await target.store.db.selectFrom('assets').selectAll().execute()).toEqual([]);
  expect(await target.store.db.selectFrom('audit_events').selectAll().execute()).toEqual([]);
  expect([...filesOf(join(target.store.appRoot, 'var')).keys()].filter((path) => !path.startsWith('backend/'))).toEqual([]);
}

describe('importProject refuses a corrupt archive and writes nothing', () => {
  it('not gzip at all', async () => {
    const path = join(work, 'garbage.tar.gz');
    writeFileSync(path, 'this is not a gzip stream, just some text that goes on for a while'.repeat(20));
    await expectRefused(path, /^Archive is corrupt: not a readable tar\.gz/);
  });

  it('truncated half way', async () => {
    const bytes = readFileSync(archive);
    const path = join(work, 'truncated.tar.gz');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectRefused(path, /^Archive is corrupt: not a readable tar\.gz/);
  });

  it('a missing manifest', async () => {
    const path = await repacked('no-manifest', (dir) => rmSync(join(dir, 'manifest.json')));
    await expectRefused(path, 'Archive is corrupt: manifest.json is missing');
  });

  it('a file that does not match its SHA-256', async () => {
    const path = await repacked('tampered', (dir) => {
      const file = join(dir, 'files/outputs/style_1_scene_1__c1.png');
      const bytes = readFileSync(file);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
      writeFileSync(file, bytes);
    });
    await expectRefused(path, 'Archive is corrupt: files/outputs/style_1_scene_1__c1.png does not match its SHA-256');
  });

  it('a row file that grew', async () => {
    const path = await repacked('grown', (dir) => appendFileSync(join(dir, 'db/runs.jsonl'), '{"id":"x"}\n'));
    await expectRefused(path, /^Archive is corrupt: db\/runs\.jsonl has \d+ bytes, the manifest says \d+$/);
  });

  it('a listed file that is gone', async () => {
    const path = await repacked('missing-file', (dir) => rmSync(join(dir, 'files/notes/deep/idea.txt')));
    await expectRefused(path, 'Archive is corrupt: files/notes/deep/idea.txt is missing');
  });

  it('a file the manifest does not list', async () => {
    const path = await repacked('smuggled', (dir) => writeFileSync(join(dir, 'files/extra.sh'), 'echo hi\n'));
    await expectRefused(path, 'Archive is corrupt: the archive holds 1 file(s) the manifest does not list');
  });

  it('a link entry', async () => {
    const path = await repacked('linked', (dir) => symlinkSync('/etc/passwd', join(dir, 'files/passwd')));
    await expectRefused(path, /^Archive is corrupt: .*files\/passwd is a SymbolicLink entry$/);
  });

  it('a path that climbs out of the package', async () => {
    const header = new Header({ path: '../evil.txt', mode: 0o644, size: 4, mtime: new Date(0), type: 'File' });
    header.encode();
    const body = Buffer.alloc(512);
    body.write('evil');
    const path = join(work, 'climbing.tar.gz');
    writeFileSync(path, gzipSync(Buffer.concat([header.block!, body, Buffer.alloc(1024)])));
    await expectRefused(path, "Archive is corrupt: the archive holds an unsafe path '../evil.txt'");
    expect(existsSync(join(target.store.appRoot, 'var/tmp/evil.txt'))).toBe(false);
  });

  it('an archive that does not exist', async () => {
    await expectRefused(join(work, 'nowhere.tar.gz'), /^Archive '.*nowhere\.tar\.gz' does not exist$/);
  });

  it('a tampered export folder', async () => {
    const folder = (await exportProject(source.store, 'night_city', { output: join(work, 'folder-export'), allowOutsideAppRoot: true })).export_path;
    writeFileSync(join(folder, 'project.json'), '{}');
    await expectRefused(folder, /^Archive is corrupt: project\.json has \d+ bytes, the manifest says \d+$/);
  });

  it('refuses (409) a project folder that is already taken, writing nothing', async () => {
    const taken = join(target.store.appRoot, 'var/projects/night_city');
    mkdirSync(taken, { recursive: true });
    writeFileSync(join(taken, 'mine.txt'), 'keep me');
    const error = await importProject(target.store, archive).catch((caught: unknown) => caught);
    expect((error as KromaError).status).toBe(409);
    expect((error as KromaError).message).toBe(`Project folder '${taken}' already exists and is not empty`);
    expect(await target.store.db.selectFrom('projects').selectAll().execute()).toEqual([]);
    expect([...filesOf(taken).keys()]).toEqual(['mine.txt']);
    rmSync(taken, { recursive: true });
  });

  it('still imports the untouched archive afterwards', async () => {
    const result = await importProject(target.store, archive);
    expect(result.project.slug).toBe('night_city');
  });

  it('accepts a manifest re-formatted by hand (parsed whole instead of line by line)', async () => {
    const path = await repacked('pretty', (dir) => {
      const file = join(dir, 'manifest.json');
      writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(file, 'utf8')), null, 2));
    });
    const result = await importProject(target.store, path, { slug: 'pretty_copy' });
    expect(result).toMatchObject({ project: { slug: 'pretty_copy' }, remapped_ids: true, copied_files: 7 });
  });
});

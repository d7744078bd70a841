import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANONYMOUS_ACTOR, openStore, upsertProject, type KromaStore } from '@kroma/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, writeText, type TTempApp } from './helpers.js';

const withStore = async <T>(app: TTempApp, use: (store: KromaStore) => Promise<T>): Promise<T> => {
  const store = await openStore({ path: join(app.appRoot, 'var/backend/app.db'), appRoot: app.appRoot });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
};
const createProject = (app: TTempApp, name: string) => withStore(app, (store) => upsertProject(store, ANONYMOUS_ACTOR, { name }));
const characters = (app: TTempApp, slug: string) =>
  withStore(app, (store) =>
    store.db.selectFrom('characters').innerJoin('projects', 'projects.id', 'characters.project_id').select(['characters.name', 'characters.description']).where('projects.slug', '=', slug).orderBy('characters.name').execute(),
  );

const ANSWER = `Here is the profile:\n\`\`\`json\n${JSON.stringify({
  mode: 'merge',
  settings: { characters: [{ name: 'Hero', description: 'tall' }], style_guides: [{ name: 'Ink', instructions: 'bold' }] },
})}\n\`\`\`\n`;

describe('kroma bootstrap', () => {
  let app: TTempApp;
  beforeEach(() => {
    app = makeTempApp();
  });
  afterEach(() => app.remove());

  it('needs an existing database', async () => {
    const run = await kroma(app, ['bootstrap', 'export', '--project', 'demo']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^kroma: no database at .*var\/backend\/app\.db/);
    expect(existsSync(join(app.appRoot, 'var/backend/app.db'))).toBe(false);
  });

  it('imports a fenced answer (dry run first), exports the prompt, and round-trips it into another project', async () => {
    await createProject(app, 'Demo');
    writeText(join(app.appRoot, 'answer.md'), ANSWER);
    const dry = await kroma(app, ['bootstrap', 'import', 'answer.md', '--project', 'demo', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toBe('Would import into demo (merge):\n  style_guides: 1 created, 0 updated, 0 deleted, 0 unchanged\n  characters: 1 created, 0 updated, 0 deleted, 0 unchanged\n');
    expect(await characters(app, 'demo')).toEqual([]);

    const real = await kroma(app, ['bootstrap', 'import', 'answer.md', '--project', 'demo', '--json']);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({ mode: 'merge', dry_run: false, applied: { characters: 1, style_guides: 1 } });
    expect(await characters(app, 'demo')).toEqual([{ name: 'Hero', description: 'tall' }]);

    const text = await kroma(app, ['bootstrap', 'export', '--project', 'demo', '--text']);
    expect(text.stdout).toContain('Return ONLY valid JSON');
    const written = await kroma(app, ['bootstrap', 'export', '--project', 'demo', '--output', 'out/prompt.json']);
    expect(written.stdout).toBe(`Bootstrap export of demo written to ${join(app.appRoot, 'out/prompt.json')}\n`);
    const exported = JSON.parse(readFileSync(join(app.appRoot, 'out/prompt.json'), 'utf8'));
    expect(exported).toMatchObject({ schema_version: 'kroma.bootstrap.v1', project: { slug: 'demo' } });

    // The export itself is an acceptable answer: importing it into a fresh project copies the settings.
    await createProject(app, 'Copy');
    const copy = await kroma(app, ['bootstrap', 'import', 'out/prompt.json', '--project', 'copy', '--mode', 'replace']);
    expect(copy.stdout).toMatch(/^Imported into copy \(replace\):/);
    expect(await characters(app, 'copy')).toEqual(await characters(app, 'demo'));

    // So is the API's envelope, saved as is: case-insensitive names update instead of duplicating.
    writeText(join(app.appRoot, 'envelope.json'), JSON.stringify({ ok: true, bootstrap: { ...exported, settings: { characters: [{ name: 'HERO', description: 'taller' }] } } }));
    await kroma(app, ['bootstrap', 'import', 'envelope.json', '--project', 'copy']);
    expect(await characters(app, 'copy')).toEqual([{ name: 'HERO', description: 'taller' }]);

    const bad = await kroma(app, ['bootstrap', 'import', 'answer.md', '--project', 'demo', '--mode', 'upsert']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("kroma: Field 'mode' must be one of: merge, replace\n");
  });
});

describe('kroma export / import', () => {
  let app: TTempApp;
  let other: TTempApp;
  beforeEach(() => {
    app = makeTempApp();
    other = makeTempApp();
  });
  afterEach(() => {
    app.remove();
    other.remove();
  });

  it('exports a tar.gz and imports it into another app root with byte-identical files', async () => {
    await createProject(app, 'Demo');
    await writePng(join(app.appRoot, 'var/projects/demo/outputs/a.png'), { r: 200, g: 10, b: 10 });
    writeText(join(app.appRoot, 'var/projects/demo/runs/run_1.json'), '{"jobs":[]}\n');

    const refused = await kroma(app, ['export', '--project', 'demo', '--format', 'zip']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("kroma: Field 'format' must be one of: tar.gz, folder\n");

    const exported = await kroma(app, ['export', '--project', 'demo', '--json']);
    expect(exported.stderr).toBe('');
    const result = JSON.parse(exported.stdout);
    expect(result).toMatchObject({ ok: true, project_slug: 'demo', export: { format: 'tar.gz', status: 'completed' } });
    expect(result.export_asset_id).toBe(result.export.export_asset_id);
    const line = await kroma(app, ['export', '--project', 'demo', '--no-files', '--output', 'out/lean']);
    expect(line.stdout).toMatch(/^Exported demo to .*\/out\/lean \(folder, 0\.0 MB, 1 files\)\n$/);

    const imported = await kroma(other, ['import', result.export_path]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/^Imported demo \([0-9a-f-]{36}\) into .*\/var\/projects\/demo: 0 runs, 0 jobs, 0 assets, 2 files\n$/);
    for (const file of ['outputs/a.png', 'runs/run_1.json']) {
      expect(readFileSync(join(other.appRoot, 'var/projects/demo', file))).toEqual(readFileSync(join(app.appRoot, 'var/projects/demo', file)));
    }

    const again = await kroma(other, ['import', result.export_path]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe("kroma: Project 'demo' already exists: import it under another slug (kroma import --project <new-slug>)\n");
    const renamed = await kroma(other, ['import', result.export_path, '--project', 'demo2', '--json']);
    expect(JSON.parse(renamed.stdout)).toMatchObject({ ok: true, project: { slug: 'demo2' }, remapped_ids: true, copied_files: 2 });

    writeFileSync(join(app.appRoot, 'broken.tar.gz'), 'no gzip here');
    const broken = await kroma(other, ['import', join(app.appRoot, 'broken.tar.gz')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^kroma: Archive is corrupt: not a readable tar\.gz/);
  });
});

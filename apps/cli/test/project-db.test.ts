import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ZRunLogSchema } from '@kroma/contract';
import { ANONYMOUS_ACTOR, createCharacter, createReferenceSet, createReferenceSetItem, openStore, upsertProject } from '@kroma/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, writePng, type TTempApp } from './helpers.js';

describe('project resolution from the database', () => {
  let app: TTempApp;
  beforeEach(async () => {
    app = makeTempApp();
    app.env.KROMA_BACKEND_DB = 'var/db/kroma.db';
    const store = await openStore({ path: join(app.appRoot, 'var/db/kroma.db'), appRoot: app.appRoot });
    try {
      await upsertProject(store, ANONYMOUS_ACTOR, { name: 'Noir', slug: 'noir' });
      await createCharacter(store, 'noir', { name: 'Mara', description: 'tall detective in a grey trench coat', prompt_text: 'scar over left eye' });
    } finally {
      await store.close();
    }
    await writePng(join(app.appRoot, 'scenes/a.png'), { r: 120, g: 120, b: 120 });
  });
  afterEach(() => app.remove());

  it('dry uses the storage root of the --project slug and injects the named character card', async () => {
    const result = await kroma(app, ['dry', '--project', 'noir', '--scene-refs', 'scenes/a.png', '--characters', 'Mara', '--json']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { project_root: string; run_log_path: string };
    expect(printed.project_root).toBe('var/projects/noir');
    const log = ZRunLogSchema.parse(JSON.parse(readFileSync(join(app.appRoot, printed.run_log_path), 'utf8')));
    expect(log.storage).toEqual({ project_root: join(app.appRoot, 'var/projects/noir'), resolved_from_backend: true });
    expect(log.jobs[0]?.prompt).toContain('Character Mara: tall detective in a grey trench coat scar over left eye');
  });

  it('adds a character\'s reference images: the items of the reference set named like it, in sort order', async () => {
    const root = join(app.appRoot, 'var/projects/noir');
    await writePng(join(root, 'refs/hero-front.png'), { r: 200, g: 200, b: 200 });
    await writePng(join(app.appRoot, 'shared/hero-side.png'), { r: 60, g: 60, b: 60 });
    const store = await openStore({ path: join(app.appRoot, 'var/db/kroma.db'), appRoot: app.appRoot });
    try {
      await createCharacter(store, 'noir', { name: 'Hero', description: 'young courier', prompt_text: '' });
      const set = await createReferenceSet(store, 'noir', { name: 'hero' });
      const side = pathToFileURL(join(app.appRoot, 'shared/hero-side.png')).href;
      await createReferenceSetItem(store, 'noir', set.id, { label: 'side', content_uri: side, sort_order: 2 });
      await createReferenceSetItem(store, 'noir', set.id, { label: 'front', content_uri: 'refs/hero-front.png', sort_order: 1 });
      await createReferenceSetItem(store, 'noir', set.id, { label: 'notes', content_text: 'always a red scarf', sort_order: 3 });
      await createReferenceSetItem(store, 'noir', set.id, { label: 'web', content_uri: 'https://example.com/hero.png', sort_order: 4 });
      const other = await createReferenceSet(store, 'noir', { name: 'Mara' });
      await createReferenceSetItem(store, 'noir', other.id, { label: 'mara', content_uri: 'refs/mara.png' });
    } finally {
      await store.close();
    }

    const result = await kroma(app, ['dry', '--project', 'noir', '--scene-refs', 'scenes/a.png', '--characters', 'Hero', '--json']);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'kroma: warning: character Hero: reference item "web" (https://example.com/hero.png) skipped: remote images are not downloaded\n',
    );
    const printed = JSON.parse(result.stdout) as { run_log_path: string };
    const log = ZRunLogSchema.parse(JSON.parse(readFileSync(join(app.appRoot, printed.run_log_path), 'utf8')));
    expect(log.jobs.map((job) => job.input_images)).toEqual([['scenes/a.png', 'var/projects/noir/refs/hero-front.png', 'shared/hero-side.png']]);
    expect(log.jobs[0]?.prompt).toContain('Character Hero: young courier');
  });

  it('names the unknown character and the known ones', async () => {
    const result = await kroma(app, ['dry', '--project', 'noir', '--scene-refs', 'scenes/a.png', '--characters', 'Vic']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown character "Vic" (known characters: Mara)');
  });

  it('an unknown slug is a clear usage error', async () => {
    const result = await kroma(app, ['qa', '--project', 'ghost']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot find project "ghost" in the database');
  });
});

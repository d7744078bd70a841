import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { list } from 'tar';
import { afterEach, describe, expect, it } from 'vitest';
import { KromaError } from '@kroma/contract';
import { listAuditEvents, listExports } from '@kroma/db';
import { exportProject, importProject } from '../src/index.js';
import { filesOf, projectRows, richProject, tinyPng } from './portability-support.js';
import { openTestStore, type TTestStore } from './support.js';

const stores: TTestStore[] = [];
const testStore = async () => {
  const t = await openTestStore();
  stores.push(t);
  return t;
};
afterEach(async () => {
  for (const t of stores.splice(0)) await t.close();
});

async function archiveEntries(path: string): Promise<string[]> {
  const entries: string[] = [];
  await list({ file: path, onReadEntry: (entry) => entries.push(entry.path) });
  return entries;
}

describe('exportProject', () => {
  it('writes a tar.gz with project.json, db rows, run logs, files and a manifest, and records it in both shapes', async () => {
    const { store } = await testStore();
    const { project } = await richProject(store, 'Night City');
    const result = await exportProject(store, 'night_city', {});

    expect(result.export_path).toMatch(new RegExp(`${store.appRoot}/var/exports/night_city_\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z\\.tar\\.gz$`));
    expect(result.export_sha256).toMatch(/^[0-9a-f]{64}$/);
    const top = result.export_path.split('/').at(-1)!.replace(/\.tar\.gz$/, '');
    const entries = await archiveEntries(result.export_path);
    expect(entries.at(-1)).toBe(`${top}/manifest.json`);
    expect(entries).toEqual(expect.arrayContaining([
      `${top}/project.json`, `${top}/db/runs.jsonl`, `${top}/db/run_jobs.jsonl`, `${top}/db/assets.jsonl`, `${top}/db/cost_events.jsonl`,
      `${top}/runs/run_20260301T100000Z.json`, `${top}/files/outputs/style_1_scene_1__c1.png`, `${top}/files/notes/deep/idea.txt`,
      `${top}/files/.kroma/pipeline.settings.json`,
    ]));
    expect(entries.filter((entry) => entry.includes('/files/runs/'))).toEqual([]);

    const exports = await listExports(store, 'night_city');
    expect(exports).toHaveLength(1);
    const [record] = exports;
    expect(record).toEqual(result.export);
    expect(record).toMatchObject({
      project_id: project.id, status: 'completed', export_format: 'tar.gz', format: 'tar.gz',
      checksum_sha256: result.export_sha256, sha256: result.export_sha256, export_sha256: result.export_sha256,
      export_asset_id: result.export_asset_id, rel_path: record!.export_path, storage_uri: record!.export_storage_uri,
    });
    expect(record!.rel_path).toMatch(/^var\/exports\/night_city_.*\.tar\.gz$/);
    expect(record!.file_size_bytes).toBe(readFileSync(result.export_path).length);
    expect(record!.completed_at).not.toBe('');
    expect(record!.manifest_json).toMatchObject({ format: 'kroma.export-manifest.v1', include_files: true, copied_files: 7, copied_rows: { runs: 1, run_jobs: 2, run_candidates: 4, asset_links: 1, characters: 1 } });

    const asset = await store.db.selectFrom('assets').selectAll().where('id', '=', result.export_asset_id).executeTakeFirstOrThrow();
    expect(asset).toMatchObject({ kind: 'export', asset_kind: 'export', sha256: result.export_sha256, rel_path: record!.rel_path, mime_type: 'application/gzip' });
    const audit = (await listAuditEvents(store.db, project.id)).filter((event) => event.event_code === 'project.exported');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.payload_json)).toMatchObject({ export_asset_id: result.export_asset_id, sha256: result.export_sha256, include_files: true });
    // No temp or work files are left beside the output.
    expect([...filesOf(join(store.appRoot, 'var/exports')).keys()]).toEqual([record!.rel_path.replace('var/exports/', '')]);
  });

  it('never packages a secret value', async () => {
    const { store } = await testStore();
    await richProject(store, 'Night City');
    const { export_path: path } = await exportProject(store, 'night_city', { output: 'out/plain', format: 'folder' });
    for (const [name, bytes] of filesOf(path)) {
      expect(bytes.includes('enc:v1:stored'), name).toBe(false);
    }
    const projectFile = JSON.parse(readFileSync(join(path, 'project.json'), 'utf8'));
    expect(Object.keys(projectFile.tables).sort()).toEqual(['characters', 'prompt_templates', 'provider_accounts', 'reference_set_items', 'reference_sets', 'style_guides']);
  });

  it('without files carries the run logs and the selected finals only', async () => {
    const { store } = await testStore();
    await richProject(store, 'Night City');
    const { export_path: path, export_sha256: sha } = await exportProject(store, 'night_city', { includeFiles: false, output: 'out/lean', format: 'folder' });
    expect(sha).toBeNull();
    expect([...filesOf(join(path, 'files')).keys()].sort()).toEqual(['outputs/style_1_scene_1__c1.png', 'outputs/style_1_scene_2__c1.png']);
    expect([...filesOf(join(path, 'runs')).keys()]).toEqual(['run_20260301T100000Z.json']);
  });

  it('answers 404 for an unknown project and writes nothing', async () => {
    const { store } = await testStore();
    await expect(exportProject(store, 'nope', {})).rejects.toThrow('Project not found');
    expect(existsSync(join(store.appRoot, 'var/exports'))).toBe(false);
  });
});

describe('export → import into a fresh database', () => {
  for (const format of ['tar.gz', 'folder'] as const) {
    it(`restores identical rows and byte-identical files (${format})`, async () => {
      const source = await testStore();
      const { project, projectRoot } = await richProject(source.store, 'Night City');
      const rowsBefore = await projectRows(source.store, project.id);
      const { export_path: archive } = await exportProject(source.store, 'night_city', { format });

      const target = await testStore();
      const result = await importProject(target.store, archive);
      expect(result).toMatchObject({ project: { id: project.id, slug: 'night_city', name: 'Night City' }, remapped_ids: false, copied_files: 7 });
      expect(result.copied_rows).toMatchObject({ runs: 1, run_jobs: 2, run_candidates: 4, run_job_candidates: 4, asset_links: 1, reference_set_items: 3 });
      expect(await projectRows(target.store, project.id)).toEqual(rowsBefore);
      const [sourceProject, targetProject] = await Promise.all(
        [source.store, target.store].map((store) => store.db.selectFrom('projects').select(['id', 'slug', 'name', 'description', 'status', 'settings_json', 'created_at', 'updated_at']).where('id', '=', project.id).executeTakeFirstOrThrow()),
      );
      expect(targetProject).toEqual(sourceProject);
      const storage = await target.store.db.selectFrom('project_storage').selectAll().where('project_id', '=', project.id).executeTakeFirstOrThrow();
      expect(storage.local_base_dir).toBe('var/projects');
      expect(result.project_root).toBe(join(target.store.appRoot, 'var/projects/night_city'));
      expect(filesOf(result.project_root)).toEqual(filesOf(projectRoot));
      // Secrets stay behind; the staging area is gone.
      expect(await target.store.db.selectFrom('project_secrets').selectAll().execute()).toEqual([]);
      expect([...filesOf(join(target.store.appRoot, 'var/tmp')).keys()]).toEqual([]);
      const audit = (await listAuditEvents(target.store.db, project.id)).map((event) => event.event_code);
      expect(audit).toEqual(['project.imported']);
    });
  }

  it('carries long and non-ASCII names (pax headers) and empty files', async () => {
    const source = await testStore();
    const { projectRoot } = await richProject(source.store, 'Night City');
    const longFolder = join(projectRoot, 'archive', 'a'.repeat(120));
    mkdirSync(longFolder, { recursive: true });
    writeFileSync(join(longFolder, `${'b'.repeat(90)}_écran_夜.png`), tinyPng(99));
    writeFileSync(join(projectRoot, 'empty.txt'), '');
    const { export_path: archive } = await exportProject(source.store, 'night_city', {});
    const target = await testStore();
    const result = await importProject(target.store, archive);
    expect(filesOf(result.project_root)).toEqual(filesOf(projectRoot));
    expect(filesOf(result.project_root).size).toBe(9);
  });

  it('refuses a slug that exists (409) unless a new one is given; then ids are remapped and paths follow', async () => {
    const { store } = await testStore();
    const { project } = await richProject(store, 'Night City');
    const { export_path: archive } = await exportProject(store, 'night_city', {});
    const refused = await importProject(store, archive).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KromaError);
    expect((refused as KromaError).status).toBe(409);
    expect((refused as KromaError).message).toBe("Project 'night_city' already exists: import it under another slug (kroma import --project <new-slug>)");

    const copy = await importProject(store, archive, { slug: 'Night Copy' });
    expect(copy.project.slug).toBe('night_copy');
    expect(copy.remapped_ids).toBe(true);
    expect(copy.project.id).not.toBe(project.id);
    const runs = await store.db.selectFrom('runs').selectAll().where('project_id', '=', copy.project.id).execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.run_log_path).toBe('var/projects/night_copy/runs/run_20260301T100000Z.json');
    const jobs = await store.db.selectFrom('run_jobs').selectAll().where('run_id', '=', runs[0]!.id).orderBy('seq').execute();
    expect(jobs.map((job) => job.final_output)).toEqual(['var/projects/night_copy/outputs/style_1_scene_1__c1.png', 'var/projects/night_copy/outputs/style_1_scene_2__c1.png']);
    const finalAsset = await store.db.selectFrom('assets').selectAll().where('id', '=', jobs[0]!.final_asset_id!).executeTakeFirstOrThrow();
    expect(finalAsset).toMatchObject({ project_id: copy.project.id, rel_path: jobs[0]!.final_output, job_id: jobs[0]!.id });
    expect(readFileSync(join(store.appRoot, finalAsset.rel_path!))).toEqual(readFileSync(join(store.appRoot, 'var/projects/night_city/outputs/style_1_scene_1__c1.png')));
    const candidates = await store.db.selectFrom('run_candidates').selectAll().where('job_id', '=', jobs[0]!.id).execute();
    expect(candidates).toHaveLength(2);
    expect(candidates.every((candidate) => candidate.output_path?.startsWith('var/projects/night_copy/'))).toBe(true);
    const costs = await store.db.selectFrom('cost_events').selectAll().where('project_id', '=', copy.project.id).execute();
    expect(costs.map((cost) => [cost.run_id, cost.job_id])).toEqual([[runs[0]!.id, 'style_1_scene_1']]);
    // The original is untouched.
    expect(await store.db.selectFrom('runs').select('id').where('project_id', '=', project.id).execute()).toHaveLength(1);
  });
});

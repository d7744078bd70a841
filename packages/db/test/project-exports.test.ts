import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ANONYMOUS_ACTOR,
  iterateProjectRows,
  listAuditEvents,
  listExports,
  migrateTo,
  migrateToLatest,
  openStore,
  recordProjectExport,
  upsertProject,
} from '../src/index.js';
import { tempStore } from './support/run-logs.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
async function store(prefix: string) {
  const t = await tempStore(prefix);
  cleanups.push(t.close);
  return t;
}

describe('migration 0011', () => {
  it('adds the legacy export columns, and leaves a table that already has them (legacy scripts) as it is', async () => {
    const t = await store('exports-migration');
    const old = await openStore({ path: 'old.db', appRoot: t.root, migrate: false });
    await migrateTo(old.db, '0010_instruction_queue');
    await sql`alter table project_exports add column export_path text`.execute(old.db);
    await sql`alter table project_exports add column sha256 text`.execute(old.db);
    await migrateToLatest(old.db);
    const columns = (await old.db.introspection.getTables()).find((table) => table.name === 'project_exports')!.columns.map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['export_path', 'export_asset_id', 'export_sha256', 'sha256', 'format', 'checksum_sha256']));
    await old.close();
  });
});

describe('recordProjectExport', () => {
  it('writes the asset, both shapes of the export row and the audit event; the same path keeps its asset', async () => {
    const { store: s } = await store('exports-record');
    const { project } = await upsertProject(s, ANONYMOUS_ACTOR, { name: 'Alpha' });
    const input = {
      projectId: project.id,
      path: 'var/exports/alpha.tar.gz',
      format: 'tar.gz',
      sha256: 'a'.repeat(64),
      sizeBytes: 1234,
      mimeType: 'application/gzip',
      includeFiles: true,
      manifest: { format: 'kroma.export-manifest.v1', copied_files: 3 },
    };
    const first = await recordProjectExport(s, ANONYMOUS_ACTOR, input);
    const second = await recordProjectExport(s, ANONYMOUS_ACTOR, { ...input, sha256: 'b'.repeat(64) });
    expect(second.assetId).toBe(first.assetId);
    expect(second.export.id).not.toBe(first.export.id);
    expect(second.export).toMatchObject({
      status: 'completed', export_format: 'tar.gz', format: 'tar.gz', storage_uri: input.path, rel_path: input.path,
      export_path: input.path, export_storage_uri: input.path, file_size_bytes: 1234, checksum_sha256: 'b'.repeat(64),
      sha256: 'b'.repeat(64), export_sha256: 'b'.repeat(64), export_asset_id: first.assetId, manifest_json: input.manifest,
    });
    const assets = await s.db.selectFrom('assets').selectAll().where('project_id', '=', project.id).execute();
    expect(assets).toHaveLength(1);
    expect(assets[0]).toMatchObject({ id: first.assetId, kind: 'export', asset_kind: 'export', sha256: 'b'.repeat(64), mime_type: 'application/gzip' });
    expect((await listExports(s, 'alpha')).map((row) => row.id).sort()).toEqual([first.export.id, second.export.id].sort());
    const audit = (await listAuditEvents(s.db, project.id)).filter((event) => event.event_code === 'project.exported');
    expect(audit.map((event) => JSON.parse(event.payload_json).export_id).sort()).toEqual([first.export.id, second.export.id].sort());
  });
});

describe('iterateProjectRows', () => {
  it('pages through one project\u2019s rows in id order, jobs and candidates through their run', async () => {
    const { store: s } = await store('exports-rows');
    const projects: Array<{ id: string }> = [];
    for (const name of ['Alpha', 'Beta']) projects.push((await upsertProject(s, ANONYMOUS_ACTOR, { name })).project);
    for (const [index, project] of projects.entries()) {
      await s.db.insertInto('runs').values({ id: `run_${index}`, project_id: project.id } as never).execute();
      for (let j = 0; j < 7; j += 1) {
        await s.db.insertInto('run_jobs').values({ id: `job_${index}_${j}`, run_id: `run_${index}` } as never).execute();
        await s.db.insertInto('run_candidates').values({ id: `cand_${index}_${j}`, job_id: `job_${index}_${j}` } as never).execute();
        await s.db.insertInto('assets').values({ id: `asset_${index}_${j}`, project_id: project.id } as never).execute();
      }
    }
    const ids = async (table: 'run_jobs' | 'run_candidates' | 'assets' | 'runs') => {
      const out: unknown[] = [];
      for await (const row of iterateProjectRows(s.db, projects[1]!.id, table, 3)) out.push(row.id);
      return out;
    };
    const expected = (prefix: string) => Array.from({ length: 7 }, (_, j) => `${prefix}_1_${j}`);
    expect(await ids('run_jobs')).toEqual(expected('job'));
    expect(await ids('run_candidates')).toEqual(expected('cand'));
    expect(await ids('assets')).toEqual(expected('asset'));
    expect(await ids('runs')).toEqual(['run_1']);
  });
});

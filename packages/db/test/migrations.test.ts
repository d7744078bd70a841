import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { appliedMigrations, LATEST_MIGRATION, migrateTo, migrateToLatest, migrations, openStore, upsertProject } from '../src/index.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kroma-db-test-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('creates every table with WAL, foreign keys and a busy timeout', async () => {
    const dir = tempDir();
    const store = await openStore({ path: 'var/backend/app.db', appRoot: dir });
    expect(store.path).toBe(join(dir, 'var/backend/app.db'));
    expect(await appliedMigrations(store.db)).toEqual(Object.keys(migrations));
    await store.close();
    const raw = new BetterSqlite3(join(dir, 'var/backend/app.db'));
    const tables = raw.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[];
    for (const table of ['projects', 'project_storage', 'runs', 'run_jobs', 'run_candidates', 'assets', 'asset_links', 'quality_reports', 'cost_events', 'project_exports', 'prompt_templates', 'provider_accounts', 'style_guides', 'characters', 'reference_sets', 'reference_set_items', 'chat_sessions', 'chat_messages', 'agent_instructions', 'agent_instruction_events', 'project_secrets', 'users', 'app_users', 'api_tokens', 'audit_events', 'kysely_migration']) {
      expect(tables).toContain(table);
    }
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const indexes = raw.prepare("select name from sqlite_master where type = 'index'").pluck().all() as string[];
    expect(indexes).toEqual(expect.arrayContaining(['idx_agent_instructions_queue', 'idx_chat_messages_session_seq', 'idx_agent_instruction_events_instruction_seq', 'idx_runs_status', 'idx_run_job_candidates_job', 'idx_quality_reports_run']));
    raw.close();
  });

  it('running them twice is a no-op', async () => {
    const dir = tempDir();
    const store = await openStore({ path: 'app.db', appRoot: dir });
    expect(await migrateToLatest(store.db)).toEqual([]);
    await store.close();
    const reopened = await openStore({ path: 'app.db', appRoot: dir });
    expect(await appliedMigrations(reopened.db)).toHaveLength(Object.keys(migrations).length);
    await reopened.close();
  });

  it('upgrades a database made by an older schema without losing rows', async () => {
    const dir = tempDir();
    const old = await openStore({ path: 'app.db', appRoot: dir, migrate: false });
    await migrateTo(old.db, '0001_core');
    await upsertProject(old, { userId: null }, { name: 'Kept Project', description: 'from v1' });
    expect(await appliedMigrations(old.db)).toEqual(['0001_core']);
    await old.close();

    const upgraded = await openStore({ path: 'app.db', appRoot: dir });
    expect((await appliedMigrations(upgraded.db)).at(-1)).toBe(LATEST_MIGRATION);
    const rows = await upgraded.db.selectFrom('projects').selectAll().execute();
    expect(rows.map((r) => [r.slug, r.description])).toEqual([['kept_project', 'from v1']]);
    const storage = await upgraded.db.selectFrom('project_storage').selectAll().execute();
    expect(storage).toHaveLength(1);
    await upgraded.close();
  });

  it('keeps foreign keys on: a project needs its owner row', async () => {
    const dir = tempDir();
    const store = await openStore({ path: 'app.db', appRoot: dir });
    await expect(
      store.db
        .insertInto('projects')
        .values({ id: 'p1', user_id: 'missing-user', owner_user_id: null, slug: 's', name: 'n', created_at: '', updated_at: '' })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY/);
    await store.close();
  });
});

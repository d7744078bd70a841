import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateTo, openStore } from '../src/index.js';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('migration 0010', () => {
  it('adds the queue columns to existing instructions, the claim index and the queue switch', async () => {
    root = mkdtempSync(join(tmpdir(), 'kroma-migration-0010-'));
    const old = await openStore({ path: 'var/backend/app.db', appRoot: root, migrate: false });
    await migrateTo(old.db, '0009_run_child_indexes');
    await old.db.insertInto('users').values({ id: 'u1', username: 'local', display_name: 'Local', created_at: '', updated_at: '' } as never).execute();
    await old.db.insertInto('projects').values({ id: 'p1', user_id: 'u1', owner_user_id: null, slug: 'p', name: 'P', created_at: '', updated_at: '' }).execute();
    await old.db.insertInto('agent_instructions').values({ id: 'i1', project_id: 'p1', instruction_text: 'old', status: 'pending', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', confirmed_at: null, canceled_at: null } as never).execute();
    await old.close();

    for (let open = 0; open < 2; open += 1) {
      const store = await openStore({ path: 'var/backend/app.db', appRoot: root });
      const row = await store.db.selectFrom('agent_instructions').selectAll().where('id', '=', 'i1').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ priority: 100, requires_confirmation: 1, started_at: null, finished_at: null });
      expect(await store.db.selectFrom('instruction_queue_state').select(['id', 'paused']).execute()).toEqual([{ id: 1, paused: 0 }]);
      await store.close();
    }

    const raw = new BetterSqlite3(join(root, 'var/backend/app.db'));
    const plan = raw
      .prepare(
        `explain query plan select * from agent_instructions where status = 'confirmed' and (next_attempt_at is null or next_attempt_at <= ?)
         order by priority, coalesce(next_attempt_at, created_at), id limit 4`,
      )
      .all('2026-01-01T00:00:00Z') as Array<{ detail: string }>;
    raw.close();
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING INDEX idx_agent_instructions_claim/);
    expect(plan.map((step) => step.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});

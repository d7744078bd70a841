import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBootstrap } from '../src/index.js';
import { ANONYMOUS_ACTOR, createKeyring, openStore, upsertProject, type KromaStore } from '@kroma/db';

export interface TTestStore {
  store: KromaStore;
  dir: string;
  close(): Promise<void>;
}

/** A real store (migrated SQLite file) in a fresh temp directory. */
export async function openTestStore(): Promise<TTestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'kroma-bootstrap-test-'));
  const store = await openStore({
    path: 'var/backend/app.db',
    appRoot: dir,
    keyring: createKeyring({ keyRef: 'test-key' }, dir),
  });
  return {
    store,
    dir,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createProject(store: KromaStore, name: string, description = '') {
  const { project } = await upsertProject(store, ANONYMOUS_ACTOR, { name, description });
  return project;
}

/** A new project seeded with one row per section (two reference sets, a secret with a value). */
export async function seedProject(store: KromaStore, name: string) {
  const project = await createProject(store, name);
  await importBootstrap(store, project.slug, {
    settings: {
      provider_accounts: [{ provider_code: 'openai', display_name: 'OpenAI', base_url: 'https://api.openai.com/v1' }],
      style_guides: [{ name: 'Ink', instructions: 'Bold lines', notes: 'keep it dark' }],
      characters: [{ name: 'Hero', description: 'tall', prompt_text: 'a tall hero' }],
      reference_sets: [
        {
          name: 'Faces',
          items: [
            { label: 'front', content_uri: 'f.png' },
            { label: 'side', content_uri: 's.png', sort_order: 1 },
          ],
        },
        { name: 'Places', description: 'cities', items: [{ label: 'street', content_text: 'rainy street' }] },
      ],
      prompt_templates: [{ name: 'Cover', template_text: 'cover text' }],
    },
  });
  const now = '2026-01-01T00:00:00Z';
  await store.db
    .insertInto('project_secrets')
    .values({
      project_id: project.id,
      provider_code: 'openai',
      secret_name: 'api_key',
      secret_value: 'enc:v1:stored',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return project;
}

const SETTINGS_TABLES = [
  'projects',
  'provider_accounts',
  'style_guides',
  'characters',
  'reference_sets',
  'reference_set_items',
  'project_secrets',
  'prompt_templates',
  'audit_events',
] as const;

/** Every row of every table an import could touch, in a stable order: equal dumps mean nothing was written. */
export async function dumpTables(store: KromaStore): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of SETTINGS_TABLES) {
    const rows = await store.db.selectFrom(table).selectAll().execute();
    dump[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return dump;
}

/** Rows of one table for a project (raw DB values). */
type TProjectScopedTable = Exclude<(typeof SETTINGS_TABLES)[number], 'projects'>;

export async function rowsOf(store: KromaStore, table: TProjectScopedTable, projectId: string) {
  return store.db
    .selectFrom(table as 'style_guides')
    .selectAll()
    .where('project_id', '=', projectId)
    .execute() as Promise<Record<string, unknown>[]>;
}

/**
 * A second SQLite connection to the same file, as another process would open it (better-sqlite3 is a dependency
 * of @kroma/db, loaded from there). Used to install a trigger that makes a late write of an import fail.
 */
export function execOnSecondConnection(path: string, statement: string): void {
  const requireFromDb = createRequire(new URL('../../db/package.json', import.meta.url));
  const Database = requireFromDb('better-sqlite3') as new (file: string) => { exec(sql: string): void; close(): void };
  const connection = new Database(path);
  try {
    connection.exec(statement);
  } finally {
    connection.close();
  }
}

export const FAIL_ON_TEMPLATE_NAMED_EXPLODE = `
  CREATE TRIGGER fail_prompt_template BEFORE INSERT ON prompt_templates
  WHEN NEW.name = 'Explode'
  BEGIN SELECT RAISE(ABORT, 'simulated late failure'); END;`;

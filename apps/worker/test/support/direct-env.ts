import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TCreateInstructionBody } from '@kroma/contract';
import { createAgentInstruction, keyringFromEnv, openStore, upsertProject, type KromaStore } from '@kroma/db';
import { createDirectBackend, WorkerLoop, workerSettings, type TWorkerBackend, type TWorkerSettings, type TWorkerSummary } from '../../src/index.js';

export const ACTOR = { userId: null };

/** A temp app root with a real SQLite file and one project (`queue`). */
export interface TDirectEnv {
  appRoot: string;
  dbPath: string;
  store: KromaStore;
  slug: string;
  projectId: string;
  projectRoot: string;
  backend: TWorkerBackend;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function directEnv(env: NodeJS.ProcessEnv = {}): Promise<TDirectEnv> {
  const appRoot = mkdtempSync(join(tmpdir(), 'kroma-worker-'));
  const dbPath = join(appRoot, 'var/backend/app.db');
  const fullEnv: NodeJS.ProcessEnv = { IAT_MASTER_KEY_FILE: join(appRoot, 'var/backend/master.key'), ...env };
  const store = await openStore({ path: dbPath, appRoot, keyring: keyringFromEnv(fullEnv, appRoot) });
  const { project, storage } = await upsertProject(store, ACTOR, { name: 'Queue' });
  mkdirSync(storage.local.project_root, { recursive: true });
  return {
    appRoot,
    dbPath,
    store,
    slug: project.slug,
    projectId: project.id,
    projectRoot: storage.local.project_root,
    backend: createDirectBackend(store, fullEnv),
    env: fullEnv,
    async close() {
      await store.close();
      rmSync(appRoot, { recursive: true, force: true });
    },
  };
}

/** A typed instruction queued at once (status `confirmed`) unless `queued` is false. */
export async function newInstruction(t: { store: KromaStore; slug: string }, body: TCreateInstructionBody = {}, queued = true) {
  const request = { instruction_type: 'custom', ...(queued ? { requires_confirmation: false } : {}), ...body };
  return (await createAgentInstruction(t.store, ACTOR, t.slug, request)).instruction;
}

export const rowOf = (store: KromaStore, id: string) =>
  store.db.selectFrom('agent_instructions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** `[event_type, message]` in insertion order. */
export async function eventsOf(store: KromaStore, id: string): Promise<Array<[string, string]>> {
  const rows = await store.db
    .selectFrom('agent_instruction_events')
    .select(['event_type', 'message'])
    .where('instruction_id', '=', id)
    .orderBy('seq')
    .execute();
  return rows.map((row) => [row.event_type, row.message ?? '']);
}

/** Fast settings for tests: short polls and backoffs (the library does not clamp; the CLI flags do). */
export const fastSettings = (overrides: Partial<TWorkerSettings> = {}): TWorkerSettings =>
  workerSettings({
    pollIntervalSeconds: 0.05,
    retryBackoffSeconds: 1,
    dispatch: { timeoutSeconds: 2, retries: 0, backoffSeconds: 0.05 },
    ...overrides,
  });

/** Runs a loop until `until` holds (checked every 20 ms), then stops it and returns its summary. */
export async function runLoopUntil(loop: WorkerLoop, until: () => Promise<boolean>, timeoutMs = 10_000): Promise<TWorkerSummary> {
  const running = loop.run();
  const deadline = Date.now() + timeoutMs;
  try {
    while (!(await until())) {
      if (Date.now() > deadline) throw new Error('condition not reached in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    loop.stop();
  }
  return running;
}

/** True once every listed instruction has reached one of `statuses`. */
export const allIn = (store: KromaStore, ids: string[], statuses: string[]) => async () => {
  const rows = await store.db.selectFrom('agent_instructions').select(['id', 'status']).where('id', 'in', ids).execute();
  return rows.length === ids.length && rows.every((row) => statuses.includes(row.status));
};

import type { TCreateInstructionBody } from '@kroma/contract';
import { createAgentInstruction, upsertProject, type KromaStore } from '../../src/index.js';
import { tempStore } from './run-logs.js';

export const ACTOR = { userId: null };

export interface TInstructionEnv {
  store: KromaStore;
  slug: string;
  projectId: string;
  close(): Promise<void>;
}

/** A fresh store with one project (`queue`). */
export async function instructionEnv(prefix: string): Promise<TInstructionEnv> {
  const env = await tempStore(prefix);
  const { project } = await upsertProject(env.store, ACTOR, { name: 'Queue' });
  return { store: env.store, slug: project.slug, projectId: project.id, close: env.close };
}

/** Creates an instruction; `queued` ones skip confirmation (status `confirmed`). */
export async function newInstruction(env: TInstructionEnv, body: TCreateInstructionBody = {}, queued = true) {
  const payload = { instruction_type: 'custom', ...(queued ? { requires_confirmation: false } : {}), ...body };
  return (await createAgentInstruction(env.store, ACTOR, env.slug, payload)).instruction;
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

/** Forces a status (and other columns) the way an older version or another writer would have left the row. */
export const forceRow = (store: KromaStore, id: string, set: Record<string, unknown>) =>
  store.db.updateTable('agent_instructions').set(set).where('id', '=', id).execute();

/** `2026-…Z` timestamps `seconds` after `base`. */
export const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);
export const stamp = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

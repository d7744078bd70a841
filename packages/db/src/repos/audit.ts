import { nowTimestamp } from '@kroma/contract';
import type { KromaDb } from '../store.js';
import { newId } from '../util/ids.js';
import type { TActor } from './context.js';

export interface TAuditInput {
  projectId: string | null;
  eventCode: string;
  payload: Record<string, unknown>;
}

/**
 * Records an audit event. Callers pass their transaction, so the event commits (or rolls back) with the
 * mutation it describes — the original wrote it afterwards and could answer 500 for a persisted change.
 */
export async function writeAuditEvent(db: KromaDb, actor: TActor, input: TAuditInput): Promise<string> {
  const id = newId();
  await db
    .insertInto('audit_events')
    .values({
      id,
      project_id: input.projectId,
      actor_user_id: actor.userId,
      event_code: input.eventCode,
      payload_json: JSON.stringify(input.payload),
      created_at: nowTimestamp(),
    })
    .execute();
  return id;
}

export async function listAuditEvents(db: KromaDb, projectId: string) {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('created_at', 'asc')
    .execute();
}

import {
  CHAT_ROLES,
  normalizeSlug,
  notFoundError,
  nowTimestamp,
  validationError,
  type TChatMessage,
  type TChatSession,
  type TCreateChatMessageBody,
  type TCreateChatSessionBody,
} from '@kroma/contract';
import { sql, type Selectable } from 'kysely';
import type { ChatMessageTable, ChatSessionTable } from '../schema/database.js';
import type { KromaDb, KromaStore } from '../store.js';
import { compiledQuery } from '../util/compiled-query.js';
import { newId } from '../util/ids.js';
import { nonBlank, requireText } from '../util/input.js';
import { requireProject } from './project-lookup.js';

export const CHAT_SESSION_NOT_FOUND = 'Chat session not found';
export const DEFAULT_CHAT_SESSION_TITLE = 'New Session';
type TChatRole = (typeof CHAT_ROLES)[number];

const toChatSession = (row: Selectable<ChatSessionTable>): TChatSession => ({
  id: row.id,
  project_id: row.project_id,
  title: row.title,
  status: row.status,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

const toChatMessage = (row: Selectable<ChatMessageTable>): TChatMessage => ({
  id: row.id,
  project_id: row.project_id,
  session_id: row.session_id,
  role: row.role,
  content: row.content,
  created_at: row.created_at,
});

/** Session routes answer the session's 404 even when it is the project that is missing. */
async function requireSession(db: KromaDb, slug: string, sessionId: string) {
  const project = await requireProject(db, slug, CHAT_SESSION_NOT_FOUND);
  const session = await db
    .selectFrom('chat_sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .where('project_id', '=', project.id)
    .executeTakeFirst();
  if (!session) throw notFoundError(CHAT_SESSION_NOT_FOUND);
  return session;
}

export async function listChatSessions(store: KromaStore, slug: string): Promise<TChatSession[]> {
  const project = await requireProject(store.db, slug);
  const rows = await store.db
    .selectFrom('chat_sessions')
    .selectAll()
    .where('project_id', '=', project.id)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toChatSession);
}

export async function createChatSession(store: KromaStore, slug: string, body: TCreateChatSessionBody): Promise<TChatSession> {
  const title = nonBlank(body.title) ?? DEFAULT_CHAT_SESSION_TITLE;
  return store.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, slug);
    const now = nowTimestamp();
    const row = { id: newId(), project_id: project.id, title, status: 'active', created_at: now, updated_at: now };
    await trx.insertInto('chat_sessions').values(row).execute();
    return toChatSession(row);
  });
}

export async function getChatSession(store: KromaStore, slug: string, sessionId: string): Promise<TChatSession> {
  return toChatSession(await requireSession(store.db, slug, sessionId));
}

/** Oldest first (insertion order, kept in `seq`). */
export async function listChatMessages(store: KromaStore, slug: string, sessionId: string): Promise<TChatMessage[]> {
  const session = await requireSession(store.db, slug, sessionId);
  const rows = await store.db
    .selectFrom('chat_messages')
    .selectAll()
    .where('session_id', '=', session.id)
    .orderBy('seq', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map(toChatMessage);
}

function parseRole(raw: string | null | undefined): TChatRole {
  const role = requireText(raw, 'role').toLowerCase();
  const known = CHAT_ROLES.find((candidate) => candidate === role);
  if (known === undefined) throw validationError(`Field 'role' must be one of: ${CHAT_ROLES.join(', ')}`);
  return known;
}

/** `content` wins when non-blank; `content_text` is the alias the original's OpenAPI file documented. */
function parseContent(body: TCreateChatMessageBody): string {
  const content = nonBlank(body.content) ?? nonBlank(body.content_text);
  if (content === undefined) throw validationError("Field 'content' is required");
  return content;
}

/**
 * One statement: insert only if the session belongs to the project, with the next `seq` of that session. A single
 * INSERT … SELECT is atomic on its own, so no transaction is needed.
 */
const insertMessage = compiledQuery(
  (db: KromaDb, id: string, role: string, content: string, createdAt: string, sessionId: string, slug: string) =>
    db
      .insertInto('chat_messages')
      .columns(['id', 'project_id', 'session_id', 'seq', 'role', 'content', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('chat_sessions as s')
          .innerJoin('projects as p', 'p.id', 's.project_id')
          .select([
            eb.val(id).as('id'),
            's.project_id',
            's.id',
            sql<number>`(select coalesce(max(m.seq), 0) + 1 from chat_messages as m where m.session_id = s.id)`.as('seq'),
            eb.val(role).as('role'),
            eb.val(content).as('content'),
            eb.val(createdAt).as('created_at'),
          ])
          .where('s.id', '=', sessionId)
          .where('p.slug', '=', slug),
      )
      .returning(['id', 'project_id', 'session_id', 'seq', 'role', 'content', 'created_at']),
);

/** Appends a message; the body is checked before any lookup, and the session's `updated_at` is left alone. */
export async function createChatMessage(
  store: KromaStore,
  slug: string,
  sessionId: string,
  body: TCreateChatMessageBody,
): Promise<TChatMessage> {
  const role = parseRole(body.role);
  const content = parseContent(body);
  const projectSlug = normalizeSlug(slug);
  if (projectSlug === undefined) throw notFoundError(CHAT_SESSION_NOT_FOUND);
  const [row] = await insertMessage(store.db, newId(), role, content, nowTimestamp(), sessionId, projectSlug);
  if (!row) throw notFoundError(CHAT_SESSION_NOT_FOUND);
  return toChatMessage(row);
}

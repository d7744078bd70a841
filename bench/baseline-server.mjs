#!/usr/bin/env node
// The bare baseline for bench/api.mjs: plain express 4 + better-sqlite3 doing the same work as Kroma's three
// measured routes, with none of Kroma's layers (request log, auth, contract validation, Kysely, error normaliser).
// Usage: node bench/baseline-server.mjs --port <port> --db <sqlite file (a copy of Kroma's database)>
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import express from 'express';

const { values } = parseArgs({
  options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string' }, db: { type: 'string' } },
});
if (!values.port || !values.db) {
  process.stderr.write('usage: node bench/baseline-server.mjs --port <port> --db <sqlite file>\n');
  process.exit(2);
}

// The same connection settings as Kroma's store (packages/db/src/sqlite-dialect.ts).
const db = new Database(values.db);
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');

// The same statement Kroma's listProjects compiles to (owner = owner_user_id, else user_id).
const listProjects = db.prepare(`
  select p.id, p.slug, p.name, p.description, p.status, p.created_at, p.updated_at,
         coalesce(au.username, u.username, '') as username
  from projects as p
  left join app_users as au on au.id = coalesce(p.owner_user_id, p.user_id)
  left join users as u on u.id = coalesce(p.owner_user_id, p.user_id)
  order by p.updated_at desc, p.created_at desc`);
const findProjectId = db.prepare('select id from projects where slug = ? order by created_at asc, id asc limit 1');
const findSession = db.prepare('select id from chat_sessions where id = ? and project_id = ?');
const insertMessage = db.prepare(`
  insert into chat_messages (id, project_id, session_id, seq, role, content, created_at)
  values (?, ?, ?, (select coalesce(max(seq), 0) + 1 from chat_messages where session_id = ?), ?, ?, ?)`);

const ROLES = new Set(['user', 'assistant', 'system', 'tool']);
const nowTimestamp = () => `${new Date().toISOString().slice(0, 19)}Z`;

/** Look up project and session, then insert one message: one write transaction, like Kroma's (BEGIN IMMEDIATE). */
const appendMessage = db.transaction((slug, sessionId, role, content) => {
  const project = findProjectId.get(slug);
  if (!project || !findSession.get(sessionId, project.id)) return undefined;
  const message = { id: randomUUID(), project_id: project.id, session_id: sessionId, role, content, created_at: nowTimestamp() };
  insertMessage.run(message.id, message.project_id, sessionId, sessionId, role, content, message.created_at);
  return message;
});

const startedUnixMs = Date.now();
const app = express();
// Kroma turns these off too, so both sides send the same headers and neither hashes bodies for an ETag.
app.disable('x-powered-by');
app.set('etag', false);

app.get('/health', (_req, res) => {
  res.json({ ok: true, status: 'ok', service: 'bench-baseline', version: '0.0.0', started_unix_ms: startedUnixMs, route_count: 3 });
});

app.get('/api/projects', (_req, res) => {
  const projects = listProjects.all();
  res.json({ ok: true, count: projects.length, projects });
});

app.post('/api/projects/:slug/chat/sessions/:sessionId/messages', express.json(), (req, res) => {
  const role = typeof req.body?.role === 'string' ? req.body.role.trim().toLowerCase() : '';
  const content = typeof req.body?.content === 'string' ? req.body.content.trim() : '';
  if (!ROLES.has(role) || content === '') return res.status(400).json({ ok: false, error: 'role and content are required' });
  const message = appendMessage.immediate(req.params.slug.trim().toLowerCase(), req.params.sessionId, role, content);
  if (!message) return res.status(404).json({ ok: false, error: 'Chat session not found' });
  res.json({ ok: true, message });
});

const server = app.listen(Number(values.port), values.host, () => {
  process.stdout.write(`baseline listening on http://${values.host}:${values.port}\n`);
});
server.keepAliveTimeout = 5_000;

const stop = () => {
  server.close(() => {
    db.close();
    process.exit(0);
  });
  server.closeIdleConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

// Seeds Kroma through its own API and finds out which workloads can run (an endpoint answering non-2xx here
// means its workload is skipped, not failed: e.g. a route whose slice has not landed yet).
import { isDeepStrictEqual } from 'node:util';

export const CHAT_MESSAGE_BODY = { role: 'user', content: 'Bench message: a short line of chat, as a user would type it.' };

export async function callJson(baseUrl, method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, ok: response.ok, json, text };
}

const describe = (method, path, reply) => `${method} ${path} answered ${reply.status}: ${reply.text.slice(0, 200)}`;

export const projectSlug = (index) => `bench_${String(index + 1).padStart(3, '0')}`;

/**
 * Returns `{ skipped: { workloadId: reason }, chatPath }`. Workload ids: `health`, `list`, `insert`.
 * The chat session lives in one of the seeded projects, so the list still sees exactly `projectCount` projects.
 */
export async function seedKroma(baseUrl, { projectCount }) {
  const skipped = {};
  const health = await callJson(baseUrl, 'GET', '/health');
  if (!health.ok) skipped.health = describe('GET', '/health', health);

  for (let index = 0; index < projectCount; index += 1) {
    const body = { name: `Bench Project ${index + 1}`, slug: projectSlug(index), description: 'A project seeded by bench/api.mjs' };
    const reply = await callJson(baseUrl, 'POST', '/api/projects', body);
    if (!reply.ok) {
      const reason = `seeding projects failed: ${describe('POST', '/api/projects', reply)}`;
      return { skipped: { ...skipped, list: reason, insert: reason }, chatPath: undefined };
    }
  }
  const list = await callJson(baseUrl, 'GET', '/api/projects');
  if (!list.ok) skipped.list = describe('GET', '/api/projects', list);
  else if (list.json?.count !== projectCount) skipped.list = `GET /api/projects listed ${list.json?.count} projects, expected ${projectCount}`;

  const sessionsPath = `/api/projects/${projectSlug(0)}/chat/sessions`;
  const session = await callJson(baseUrl, 'POST', sessionsPath, { title: 'Bench session' });
  const sessionId = session.json?.session?.id;
  if (!session.ok || typeof sessionId !== 'string') {
    skipped.insert = `no chat session to post into: ${describe('POST', sessionsPath, session)}`;
    return { skipped, chatPath: undefined };
  }
  const chatPath = `${sessionsPath}/${sessionId}/messages`;
  const probe = await callJson(baseUrl, 'POST', chatPath, CHAT_MESSAGE_BODY);
  if (!probe.ok) skipped.insert = describe('POST', chatPath, probe);
  return { skipped, chatPath: skipped.insert ? undefined : chatPath };
}

const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const keysOf = (value) => Object.keys(value ?? {}).sort();

/**
 * Checks the baseline answers the same JSON as Kroma before measuring it (a baseline doing less work would
 * flatter it). Returns a list of differences; empty means comparable.
 */
export async function compareBaseline(kromaUrl, baselineUrl, { runnable, chatPath }) {
  const differences = [];
  if (runnable.has('health')) {
    const reply = await callJson(baselineUrl, 'GET', '/health');
    if (!reply.ok) differences.push(describe('baseline GET', '/health', reply));
  }
  if (runnable.has('list')) {
    const [kroma, baseline] = await Promise.all([
      callJson(kromaUrl, 'GET', '/api/projects'),
      callJson(baselineUrl, 'GET', '/api/projects'),
    ]);
    const same =
      baseline.ok &&
      baseline.json?.count === kroma.json?.count &&
      isDeepStrictEqual([...baseline.json.projects].sort(byId), [...kroma.json.projects].sort(byId));
    if (!same) differences.push(`baseline GET /api/projects does not return the same projects as Kroma (${baseline.status})`);
  }
  if (runnable.has('insert')) {
    const reply = await callJson(baselineUrl, 'POST', chatPath, CHAT_MESSAGE_BODY);
    const kroma = await callJson(kromaUrl, 'POST', chatPath, CHAT_MESSAGE_BODY);
    if (!reply.ok) differences.push(describe('baseline POST', chatPath, reply));
    else if (!isDeepStrictEqual(keysOf(reply.json.message), keysOf(kroma.json?.message))) {
      differences.push(`baseline message keys ${keysOf(reply.json.message)} differ from Kroma's ${keysOf(kroma.json?.message)}`);
    }
  }
  return differences;
}

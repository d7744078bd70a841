import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
beforeAll(async () => {
  t = await startTestServer();
  await createProject(t, 'Errors');
});
afterAll(async () => t.close());

describe('bad input answers in the JSON envelope', () => {
  it('unknown routes are 404, trailing slashes and wrong case included', async () => {
    for (const path of ['/nope', '/api/projects/', '/API/projects', '/health/']) {
      const res = await t.api('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body.ok).toBe(false);
      expect(res.body.error).toContain(path);
    }
  });

  it('known paths with another method are 405 with Allow', async () => {
    const res = await t.api('DELETE', '/api/projects');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, HEAD');
    expect(res.body.ok).toBe(false);
  });

  it('HEAD works on GET routes; OPTIONS is 405 like any other method', async () => {
    const head = await t.api('HEAD', '/health');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const options = await t.api('OPTIONS', '/api/projects');
    expect(options.status).toBe(405);
    expect(options.headers.get('allow')).toBe('GET, POST, HEAD');
    expect(options.body.ok).toBe(false);
  });

  it('wrong content type is 415, malformed JSON 400, wrong types 422', async () => {
    const plain = await t.api('POST', '/api/projects', { raw: '{"name":"x"}', headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
    const vendor = await t.api('POST', '/api/projects', {
      raw: '{"name":"Vendor"}',
      headers: { 'content-type': 'application/vnd.kroma+json; charset=utf-8' },
    });
    expect(vendor.status).toBe(200);
    const malformed = await t.api('POST', '/api/projects', { raw: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/not valid JSON/);
    const typed = await t.api('POST', '/api/projects', { body: { name: 5 } });
    expect(typed.status).toBe(422);
    expect(typed.body.error).toBe("Field 'name' must be a string");
    const nullBody = await t.api('POST', '/api/projects', { raw: 'null', headers: { 'content-type': 'application/json' } });
    expect(nullBody.status).toBe(422);
    expect(nullBody.body.error).toBe('Request body must be a JSON object');
  });

  it('malformed JSON to an unknown project is still 400 (parsing comes first)', async () => {
    const res = await t.api('POST', '/api/projects/nope/prompt-templates', {
      raw: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
  });

  it('bodies over 2 MiB are 413 and nothing is written', async () => {
    const before = (await t.api('GET', '/api/projects')).body.count;
    const res = await t.api('POST', '/api/projects', { body: { name: 'Huge', description: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.body.ok).toBe(false);
    expect((await t.api('GET', '/api/projects')).body.count).toBe(before);
  });

  it('a bad query is 400', async () => {
    for (const q of ['limit=abc', 'limit=', 'limit=1.5']) {
      const res = await t.api('GET', `/api/projects/errors/runs?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error).toBe("Query parameter 'limit' must be an integer");
    }
  });
});

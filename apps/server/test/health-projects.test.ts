import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('GET /health', () => {
  it('reports the service, its version and the 90 operations', async () => {
    const res = await t.api('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, status: 'ok', service: 'kroma-backend-core', version: '0.1.0', route_count: 90 });
    expect(Number.isInteger(res.body.started_unix_ms)).toBe(true);
  });
});

describe('projects', () => {
  it('upserts by normalized slug, keeps the id, overwrites name and description', async () => {
    const first = await t.api('POST', '/api/projects', { body: { name: 'Alpha Project', description: '  first  ' } });
    expect(first.status).toBe(200);
    expect(first.body.project.slug).toBe('alpha_project');
    expect(first.body.audit_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.body.storage.local.base_dir).toBe('var/projects');
    expect(first.body.storage.local.project_root).toBe(`${t.dir}/var/projects/alpha_project`);
    expect(first.body.storage.s3).toEqual({ enabled: false, bucket: '', prefix: 'iat-projects', region: '', profile: '', endpoint_url: '' });

    const again = await t.api('POST', '/api/projects', { body: { name: 'Alpha Renamed', slug: 'Alpha Project' } });
    expect(again.body.project).toEqual({ id: first.body.project.id, slug: 'alpha_project', name: 'Alpha Renamed' });
    const detail = await t.api('GET', '/api/projects/alpha_project');
    expect(detail.body.project.description).toBe('');
    expect(detail.body.project.status).toBe('active');
    expect(detail.body.counts).toEqual({ runs: 0, jobs: 0, assets: 0 });
  });

  it('requires a name, before anything else', async () => {
    for (const body of [{}, { name: '   ' }, { name: null }]) {
      const res = await t.api('POST', '/api/projects', { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error: "Field 'name' is required" });
    }
  });

  it('derives the slug from the name and falls back to "project"', async () => {
    const fancy = await t.api('POST', '/api/projects', { body: { name: 'My Fancy Project' } });
    expect(fancy.body.project.slug).toBe('my_fancy_project');
    const nothing = await t.api('POST', '/api/projects', { body: { name: '!!!', slug: '___' } });
    expect(nothing.body.project.slug).toBe('project');
  });

  it('refuses a slug owned by another user', async () => {
    await createProject(t, 'Shared', { username: 'alice' });
    const res = await t.api('POST', '/api/projects', { body: { name: 'Shared', username: 'bob' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Project slug is already used by another user. Choose a different slug.');
  });

  it('lists newest activity first and filters by normalized username', async () => {
    await createProject(t, 'Zed Project', { username: 'Carol Smith' });
    const all = await t.api('GET', '/api/projects');
    expect(all.body.count).toBe(all.body.projects.length);
    expect(all.body.projects.length).toBeGreaterThanOrEqual(4);
    const carol = await t.api('GET', '/api/projects?username=Carol%20Smith');
    expect(carol.body.projects.map((p: { slug: string }) => p.slug)).toEqual(['zed_project']);
    expect(carol.body.projects[0].username).toBe('carol_smith');
    const ignored = await t.api('GET', '/api/projects?username=___');
    expect(ignored.body.count).toBe(all.body.count);
    const sorted = [...all.body.projects].sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0));
    expect(all.body.projects.map((p: { updated_at: string }) => p.updated_at)).toEqual(sorted.map((p) => p.updated_at));
  });

  it('resolves path slugs through the same normalization, 404 otherwise', async () => {
    expect((await t.api('GET', '/api/projects/Alpha%20Project')).status).toBe(200);
    const missing = await t.api('GET', '/api/projects/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: 'Project not found' });
    expect((await t.api('GET', '/api/projects/___')).status).toBe(404);
  });
});

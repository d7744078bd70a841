import { describe, expect, it } from 'vitest';
import { kromaContract, listContractRoutes, normalizeSlug, toErrorEnvelope, KromaError } from '../src/index.js';

describe('contract', () => {
  it('has the 72 operations of the original plus 9 for runs and 9 for the worker queue, export and S3 sync, each (method, path) once', () => {
    const routes = listContractRoutes();
    expect(routes).toHaveLength(90);
    const keys = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(keys.size).toBe(90);
    for (const key of ['POST /api/projects/:slug/runs/:runId/cancel', 'GET /api/projects/:slug/runs/:runId/events', 'GET /api/projects/:slug/cost-summary', 'POST /api/agent/worker/claim', 'POST /api/projects/:slug/export', 'POST /api/projects/:slug/storage/sync-s3']) {
      expect(keys).toContain(key);
    }
  });

  it('gives every route the shared error envelope', () => {
    const route = kromaContract.projects.getProject;
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '422', '500']));
  });
});

describe('normalizeSlug', () => {
  it.each([
    ['Alpha Project', 'alpha_project'],
    ['My Fancy Project', 'my_fancy_project'],
    ['hero-01', 'hero-01'],
    ['OpenAI', 'openai'],
    ['a_ b', 'a__b'],
    ['  --x--  ', '--x--'],
    ['Ünïcode name!', 'n_code_name'],
  ])('%s -> %s', (raw, slug) => {
    expect(normalizeSlug(raw)).toBe(slug);
  });

  it('rejects what normalizes to nothing', () => {
    expect(normalizeSlug('___')).toBeUndefined();
    expect(normalizeSlug('  ')).toBeUndefined();
    expect(normalizeSlug('!!!')).toBeUndefined();
  });
});

describe('errors', () => {
  it('maps known errors to their status and hides unknown ones', () => {
    expect(toErrorEnvelope(new KromaError('not_found', 'Project not found'))).toEqual({
      status: 404,
      body: { ok: false, error: 'Project not found' },
    });
    expect(toErrorEnvelope(new Error('SQLITE_CORRUPT: secret detail'))).toEqual({
      status: 500,
      body: { ok: false, error: 'Internal server error' },
    });
  });
});

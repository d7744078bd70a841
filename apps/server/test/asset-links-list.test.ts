import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAssetLinks, seedRows } from './support/seed.js';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

let t: TTestServer;
let projectId: string;
let otherProjectId: string;
const [A, B, C, X] = ['asset_a', 'asset_b', 'asset_c', 'asset_x'];
const OTHER_LINK = 'link_foreign';
const LINKS = '/api/projects/links_demo/asset-links';
const ONE_OF = "Field 'link_type' must be one of: derived_from, variant_of, mask_for, reference_of";

const idsOf = (list: { id: string }[]) => list.map((item) => item.id);

beforeAll(async () => {
  t = await startTestServer();
  projectId = (await createProject(t, 'Links Demo')).id;
  otherProjectId = (await createProject(t, 'Other Links')).id;
  await seedRows(t, 'assets', [
    { id: A, project_id: projectId },
    { id: B, project_id: projectId },
    { id: C, project_id: projectId },
    { id: X, project_id: otherProjectId },
  ]);
  await seedAssetLinks(t, otherProjectId, [[OTHER_LINK, X, 'asset_x2', 'derived_from', '2026-02-01T00:00:00Z']]);
});
afterAll(async () => {
  await t.close();
});

/** Four links of this project with controlled timestamps (ties on updated_at between link_1 and link_2). */
async function seedLinks() {
  await t.server.store.db.deleteFrom('asset_links').where('project_id', '=', projectId).execute();
  await seedAssetLinks(t, projectId, [
    ['link_1', A, B, 'derived_from', '2026-02-01T00:00:00Z'],
    ['link_2', B, A, 'derived_from', '2026-02-01T00:00:00Z'],
    ['link_3', B, C, 'variant_of', '2026-02-15T00:00:00Z'],
    ['link_4', C, A, 'reference_of', '2026-03-01T00:00:00Z'],
  ]);
}

describe('GET asset-links', () => {
  beforeAll(async () => {
    await seedLinks();
  });

  it('lists newest update first (ties by id DESC), only this project', async () => {
    const res = await t.api('GET', LINKS);
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(4);
    expect(idsOf(res.body.asset_links)).toEqual(['link_4', 'link_3', 'link_2', 'link_1']);
    expect(res.body.asset_links[0]).toEqual({
      id: 'link_4',
      project_id: projectId,
      parent_asset_id: C,
      child_asset_id: A,
      link_type: 'reference_of',
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-03-01T00:00:00Z',
    });
  });

  it('filters by asset on either side (blank ignored) and by a validated link_type', async () => {
    const ids = async (query: string) => {
      const res = await t.api('GET', `${LINKS}?${query}`);
      expect(res.status, query).toBe(200);
      expect(res.body.count).toBe(res.body.asset_links.length);
      return idsOf(res.body.asset_links);
    };
    expect(await ids(`asset_id=${B}`)).toEqual(['link_3', 'link_2', 'link_1']);
    expect(await ids(`asset_id=${C}`)).toEqual(['link_4', 'link_3']);
    expect(await ids(`asset_id=%20${C}%20`)).toEqual(['link_4', 'link_3']);
    expect(await ids('asset_id=')).toHaveLength(4);
    expect(await ids('asset_id=%20%20')).toHaveLength(4);
    expect(await ids('asset_id=nothing')).toEqual([]);
    expect(await ids('link_type=derived_from')).toEqual(['link_2', 'link_1']);
    expect(await ids('link_type=%20VARIANT_of')).toEqual(['link_3']);
    expect(await ids(`link_type=derived_from&asset_id=${C}`)).toEqual([]);
    expect(await ids(`link_type=reference_of&asset_id=${A}`)).toEqual(['link_4']);
    for (const [query, error] of [
      ['link_type=', "Field 'link_type' is required"],
      ['link_type=%20', "Field 'link_type' is required"],
      ['link_type=sibling_of', ONE_OF],
    ]) {
      const res = await t.api('GET', `${LINKS}?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error });
    }
    const missing = await t.api('GET', '/api/projects/nope/asset-links?link_type=bogus');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: 'Project not found' });
  });

  it('reads one link; Asset link not found otherwise, even for an unknown project', async () => {
    const res = await t.api('GET', `${LINKS}/link_1`);
    expect(res.status).toBe(200);
    expect(res.body.asset_link.id).toBe('link_1');
    for (const path of [`${LINKS}/missing`, `${LINKS}/${OTHER_LINK}`, '/api/projects/nope/asset-links/link_1']) {
      const miss = await t.api('GET', path);
      expect(miss.status).toBe(404);
      expect(miss.body).toEqual({ ok: false, error: 'Asset link not found' });
    }
  });
});

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
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const storedLinks = () => t.server.store.db.selectFrom('asset_links').selectAll().orderBy('id').execute();
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

describe('POST asset-links', () => {
  it('creates a derived_from link by default and persists it', async () => {
    const res = await t.api('POST', LINKS, { body: { parent_asset_id: ` ${A} `, child_asset_id: B } });
    expect(res.status).toBe(200);
    const link = res.body.asset_link;
    expect(Object.keys(res.body).sort()).toEqual(['asset_link', 'ok']);
    expect(link).toEqual({
      id: expect.stringMatching(UUID_V4),
      project_id: projectId,
      parent_asset_id: A,
      child_asset_id: B,
      link_type: 'derived_from',
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: link.created_at,
    });
    expect((await storedLinks()).find((row) => row.id === link.id)).toEqual(link);
    await t.api('DELETE', `${LINKS}/${link.id}`);
  });

  it('trims and lower-cases link_type', async () => {
    const res = await t.api('POST', LINKS, { body: { parent_asset_id: A, child_asset_id: C, link_type: ' Variant_OF ' } });
    expect(res.status).toBe(200);
    expect(res.body.asset_link.link_type).toBe('variant_of');
    await t.api('DELETE', `${LINKS}/${res.body.asset_link.id}`);
  });

  it('validates the body before the project lookup, in order', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, "Field 'parent_asset_id' is required"],
      [{ parent_asset_id: '  ', child_asset_id: '' }, "Field 'parent_asset_id' is required"],
      [{ parent_asset_id: A, child_asset_id: null }, "Field 'child_asset_id' is required"],
      [{ parent_asset_id: A, child_asset_id: ` ${A}`, link_type: 'bogus' }, 'parent_asset_id and child_asset_id must differ'],
      [{ parent_asset_id: A, child_asset_id: B, link_type: 'bogus' }, ONE_OF],
      [{ parent_asset_id: A, child_asset_id: B, link_type: ' ' }, "Field 'link_type' is required"],
    ];
    const before = await storedLinks();
    for (const [body, error] of cases) {
      for (const path of ['/api/projects/nope/asset-links', LINKS]) {
        const res = await t.api('POST', path, { body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body).toEqual({ ok: false, error });
      }
    }
    const missing = await t.api('POST', '/api/projects/nope/asset-links', { body: { parent_asset_id: 'p1', child_asset_id: 'c1' } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: 'Project not found' });
    const wrongType = await t.api('POST', LINKS, { body: { parent_asset_id: 5, child_asset_id: B } });
    expect(wrongType.status).toBe(422);
    expect(await storedLinks()).toEqual(before);
  });

  it('needs both assets in the project, then a free (parent, child, type)', async () => {
    const before = await storedLinks();
    const cases: [Record<string, unknown>, string][] = [
      [{ parent_asset_id: 'ghost', child_asset_id: 'ghost2' }, "Asset 'ghost' was not found in this project"],
      [{ parent_asset_id: A, child_asset_id: ' ghost ' }, "Asset 'ghost' was not found in this project"],
      [{ parent_asset_id: X, child_asset_id: A }, `Asset '${X}' was not found in this project`],
    ];
    for (const [body, error] of cases) {
      const res = await t.api('POST', LINKS, { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error });
    }
    expect(await storedLinks()).toEqual(before);

    const first = await t.api('POST', LINKS, { body: { parent_asset_id: B, child_asset_id: C, link_type: 'mask_for' } });
    expect(first.status).toBe(200);
    const duplicate = await t.api('POST', LINKS, { body: { parent_asset_id: B, child_asset_id: C, link_type: 'MASK_FOR' } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual({ ok: false, error: 'Asset link already exists' });
    const otherType = await t.api('POST', LINKS, { body: { parent_asset_id: B, child_asset_id: C } });
    const reversed = await t.api('POST', LINKS, { body: { parent_asset_id: C, child_asset_id: B, link_type: 'mask_for' } });
    expect([otherType.status, reversed.status]).toEqual([200, 200]);
    expect(await storedLinks()).toHaveLength(before.length + 3);
    for (const res of [first, otherType, reversed]) await t.api('DELETE', `${LINKS}/${res.body.asset_link.id}`);
  });
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

describe('PUT and DELETE asset-links/{linkId}', () => {
  beforeAll(async () => {
    await seedLinks();
  });

  it('checks "at least one field" first, then the 404s, then each field', async () => {
    for (const body of [{}, { parent_asset_id: null, child_asset_id: null, link_type: null }]) {
      const res = await t.api('PUT', '/api/projects/nope/asset-links/missing', { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error: 'Provide at least one of: parent_asset_id, child_asset_id, link_type' });
    }
    for (const path of ['/api/projects/nope/asset-links/link_1', `${LINKS}/missing`, `${LINKS}/${OTHER_LINK}`]) {
      const res = await t.api('PUT', path, { body: { parent_asset_id: '' } });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'Asset link not found' });
    }
    const before = await storedLinks();
    const cases: [Record<string, unknown>, string][] = [
      [{ parent_asset_id: ' ' }, "Field 'parent_asset_id' is required"],
      [{ child_asset_id: '', link_type: 'bogus' }, "Field 'child_asset_id' is required"],
      [{ child_asset_id: A, link_type: 'bogus' }, 'parent_asset_id and child_asset_id must differ'],
      [{ parent_asset_id: B, child_asset_id: A, link_type: 'bogus' }, ONE_OF],
      [{ link_type: '' }, "Field 'link_type' is required"],
      [{ parent_asset_id: 'ghost', child_asset_id: X }, "Asset 'ghost' was not found in this project"],
      [{ child_asset_id: X }, `Asset '${X}' was not found in this project`],
      [{ parent_asset_id: B, child_asset_id: A }, 'Asset link already exists'],
      [{ parent_asset_id: C, child_asset_id: A, link_type: 'Reference_Of' }, 'Asset link already exists'],
    ];
    for (const [body, error] of cases) {
      const res = await t.api('PUT', `${LINKS}/link_1`, { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual({ ok: false, error });
    }
    expect(await storedLinks()).toEqual(before);
  });

  it('merges the sent fields into the link and bumps updated_at', async () => {
    const res = await t.api('PUT', `${LINKS}/link_1`, { body: { child_asset_id: ` ${C} `, link_type: 'MASK_FOR' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      asset_link: {
        id: 'link_1',
        project_id: projectId,
        parent_asset_id: A,
        child_asset_id: C,
        link_type: 'mask_for',
        created_at: '2026-01-01T00:00:00Z',
        updated_at: expect.stringMatching(TIMESTAMP),
      },
    });
    expect(res.body.asset_link.updated_at > '2026-03-01T00:00:00Z').toBe(true);
    expect((await storedLinks()).find((row) => row.id === 'link_1')).toEqual(res.body.asset_link);
    // Sending the link's own values again is not a clash with itself.
    const same = await t.api('PUT', `${LINKS}/link_1`, { body: { parent_asset_id: A, child_asset_id: C, link_type: 'mask_for' } });
    expect(same.status).toBe(200);
    expect(idsOf((await t.api('GET', LINKS)).body.asset_links)[0]).toBe('link_1');
  });

  it('deletes a link once, echoing its id', async () => {
    for (const path of ['/api/projects/nope/asset-links/link_2', `${LINKS}/${OTHER_LINK}`, `${LINKS}/missing`]) {
      const res = await t.api('DELETE', path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'Asset link not found' });
    }
    const res = await t.api('DELETE', `${LINKS}/link_2`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, deleted: true, id: 'link_2' });
    expect(idsOf(await storedLinks())).not.toContain('link_2');
    expect(idsOf(await storedLinks())).toContain(OTHER_LINK);
    const again = await t.api('DELETE', `${LINKS}/link_2`);
    expect(again.status).toBe(404);
    expect((await t.api('GET', `${LINKS}/link_2`)).status).toBe(404);
  });
});

import { randomUUID } from 'node:crypto';
import type { KromaDatabase } from '@kroma/db';
import type { TTestServer } from './server.js';

/**
 * Rows that only run ingest writes (runs, jobs, candidates, assets, reports, costs, exports), inserted directly,
 * as the original's endpoint tests did. Columns not given stay NULL, so tests see the read-side defaults.
 */
type TSeedTable = 'runs' | 'run_jobs' | 'run_candidates' | 'assets' | 'quality_reports' | 'cost_events' | 'project_exports';
type TSeedRow<T extends TSeedTable> = Partial<KromaDatabase[T]>;

/** Ingest-style opaque id, e.g. `run_<32 hex>`. */
export const seedId = (prefix: string): string => `${prefix}_${randomUUID().replace(/-/g, '')}`;

const ID_PREFIX: Record<TSeedTable, string> = {
  runs: 'run',
  run_jobs: 'job',
  run_candidates: 'cand',
  assets: 'asset',
  quality_reports: 'qr',
  cost_events: 'cost',
  project_exports: 'export',
};

/** Inserts rows (chunked) and returns their ids in order. */
export async function seedRows<T extends TSeedTable>(t: TTestServer, table: T, rows: TSeedRow<T>[]): Promise<string[]> {
  const withIds = rows.map((row) => ({ id: seedId(ID_PREFIX[table]), ...row }));
  for (let start = 0; start < withIds.length; start += 200) {
    // The row type is checked by the callers' signatures; Kysely's generic insert type cannot follow `T`.
    await t.server.store.db
      .insertInto(table)
      .values(withIds.slice(start, start + 200) as never)
      .execute();
  }
  return withIds.map((row) => row.id);
}

export async function seedRow<T extends TSeedTable>(t: TTestServer, table: T, row: TSeedRow<T>): Promise<string> {
  const [id] = await seedRows(t, table, [row]);
  return id as string;
}

/** `count` rows that differ only by id (and share one timestamp), for limit tests. */
export const manyRows = <T extends TSeedTable>(count: number, row: TSeedRow<T>): TSeedRow<T>[] =>
  Array.from({ length: count }, () => ({ ...row }));

/** Asset links with controlled ids and timestamps: `[id, parent, child, link_type, updated_at]`; created 2026-01-01. */
export async function seedAssetLinks(
  t: TTestServer,
  projectId: string,
  links: [id: string, parent: string, child: string, linkType: string, updatedAt: string][],
): Promise<void> {
  await t.server.store.db
    .insertInto('asset_links')
    .values(
      links.map(([id, parent, child, linkType, updatedAt]) => ({
        id,
        project_id: projectId,
        parent_asset_id: parent,
        child_asset_id: child,
        link_type: linkType,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: updatedAt,
      })),
    )
    .execute();
}

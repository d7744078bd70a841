import { sql, type RawBuilder } from 'kysely';

/** The run-side tables a project archive carries as `db/<table>.jsonl`, in an order that satisfies their FKs. */
export const ARCHIVED_TABLES = [
  'runs',
  'run_jobs',
  'run_candidates',
  'run_job_candidates',
  'assets',
  'asset_links',
  'quality_reports',
  'cost_events',
] as const;
export type TArchivedTable = (typeof ARCHIVED_TABLES)[number];

/** The settings tables carried whole in `project.json` (secrets never leave the database). */
export const ARCHIVED_SETTINGS_TABLES = [
  'provider_accounts',
  'style_guides',
  'characters',
  'reference_sets',
  'reference_set_items',
  'prompt_templates',
] as const;
export type TArchivedSettingsTable = (typeof ARCHIVED_SETTINGS_TABLES)[number];

/** One database row as it travels: column → value (text, number or null). */
export type TArchiveRow = Record<string, unknown>;

/**
 * One page of a project's rows of a table, in id order after `after`. The plan is pinned to walk the table's id
 * index (`CROSS JOIN` keeps the table outermost, unary `+` keeps SQLite off the project index): with the project
 * index it sorted every matching row again for each page, quadratic in the project's size; this way each page
 * continues where the last stopped, one pass over the table in all. Jobs and candidates belong to the project
 * through their run.
 */
export function projectRowsQuery(table: TArchivedTable, projectId: string, after: string, limit: number): RawBuilder<TArchiveRow> {
  const page = sql`t.id > ${after} order by t.id limit ${limit}`;
  switch (table) {
    case 'run_jobs':
      return sql<TArchiveRow>`select t.* from run_jobs t cross join runs r where r.id = t.run_id and +r.project_id = ${projectId} and ${page}`;
    case 'run_candidates':
    case 'run_job_candidates':
      return sql<TArchiveRow>`select t.* from ${sql.table(table)} t cross join run_jobs j cross join runs r where j.id = t.job_id and r.id = j.run_id and +r.project_id = ${projectId} and ${page}`;
    default:
      return sql<TArchiveRow>`select t.* from ${sql.table(table)} t where +t.project_id = ${projectId} and ${page}`;
  }
}

/**
 * Columns holding ids of rows that travel with the archive (remapped together when ids collide). Not
 * `cost_events.job_id`: it holds the run log's job key, not a row id.
 */
export const ID_COLUMNS: Record<TArchivedTable | TArchivedSettingsTable, readonly string[]> = {
  runs: ['id'],
  run_jobs: ['id', 'run_id', 'final_asset_id'],
  run_candidates: ['id', 'job_id', 'output_asset_id', 'final_asset_id'],
  run_job_candidates: ['id', 'job_id'],
  assets: ['id', 'run_id', 'job_id', 'candidate_id'],
  asset_links: ['id', 'parent_asset_id', 'child_asset_id'],
  quality_reports: ['id', 'run_id', 'asset_id'],
  cost_events: ['id', 'run_id'],
  provider_accounts: [],
  style_guides: ['id'],
  characters: ['id'],
  reference_sets: ['id'],
  reference_set_items: ['id', 'reference_set_id'],
  prompt_templates: ['id'],
};

/** Columns holding file paths (app-root-relative, or absolute), rebased onto the importing project's folder. */
export const PATH_COLUMNS: Partial<Record<TArchivedTable, readonly string[]>> = {
  runs: ['run_log_path'],
  run_jobs: ['final_output'],
  run_candidates: ['output_path', 'final_output_path'],
  run_job_candidates: ['output_path', 'final_output_path'],
  assets: ['storage_uri', 'rel_path'],
};

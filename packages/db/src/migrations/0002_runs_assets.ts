import type { Migration } from 'kysely';
import { createIndexes, type MigrationDb } from './helpers.js';

/** Runs, jobs, candidates, assets and their links, QA reports, cost events, exports (written by run ingest). */
export const migration0002RunsAssets: Migration = {
  async up(db: MigrationDb) {
    await db.schema
      .createTable('runs')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('status', 'text')
      .addColumn('stage', 'text')
      .addColumn('created_at', 'text')
      .addColumn('run_log_path', 'text')
      .addColumn('run_mode', 'text')
      .addColumn('mode', 'text')
      .addColumn('time_of_day', 'text')
      .addColumn('weather', 'text')
      .addColumn('image_size', 'text')
      .addColumn('image_quality', 'text')
      .addColumn('model_name', 'text')
      .addColumn('model', 'text')
      .addColumn('provider_code', 'text')
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('settings_snapshot_json', 'text')
      .addColumn('meta_json', 'text')
      .execute();

    await db.schema
      .createTable('run_jobs')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('run_id', 'text', (col) => col.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('job_key', 'text')
      .addColumn('status', 'text')
      .addColumn('created_at', 'text')
      .addColumn('prompt_text', 'text')
      .addColumn('selected_candidate', 'integer')
      .addColumn('selected_candidate_index', 'integer')
      .addColumn('final_output', 'text')
      .addColumn('final_asset_id', 'text')
      .addColumn('meta_json', 'text')
      .execute();

    for (const table of ['run_candidates', 'run_job_candidates']) {
      let builder = db.schema
        .createTable(table)
        .ifNotExists()
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('job_id', 'text', (col) => col.notNull().references('run_jobs.id').onDelete('cascade'))
        .addColumn('candidate_index', 'integer')
        .addColumn('status', 'text');
      if (table === 'run_candidates') {
        builder = builder.addColumn('output_asset_id', 'text').addColumn('final_asset_id', 'text');
      }
      await builder
        .addColumn('output_path', 'text')
        .addColumn('final_output_path', 'text')
        .addColumn('rank_hard_failures', 'integer')
        .addColumn('rank_soft_warnings', 'integer')
        .addColumn('rank_avg_chroma_exceed', 'real')
        .addColumn('meta_json', 'text')
        .addColumn('created_at', 'text')
        .execute();
    }

    await db.schema
      .createTable('assets')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('kind', 'text')
      .addColumn('asset_kind', 'text')
      .addColumn('storage_uri', 'text')
      .addColumn('rel_path', 'text')
      .addColumn('storage_backend', 'text')
      .addColumn('mime_type', 'text')
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('sha256', 'text')
      .addColumn('run_id', 'text')
      .addColumn('job_id', 'text')
      .addColumn('candidate_id', 'text')
      .addColumn('metadata_json', 'text')
      .addColumn('meta_json', 'text')
      .addColumn('created_at', 'text')
      .execute();

    await db.schema
      .createTable('asset_links')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('parent_asset_id', 'text', (col) => col.notNull())
      .addColumn('child_asset_id', 'text', (col) => col.notNull())
      .addColumn('link_type', 'text', (col) => col.notNull().defaultTo('derived_from'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addUniqueConstraint('asset_links_unique', ['project_id', 'parent_asset_id', 'child_asset_id', 'link_type'])
      .execute();

    await db.schema
      .createTable('quality_reports')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('run_id', 'text')
      .addColumn('asset_id', 'text')
      .addColumn('report_type', 'text')
      .addColumn('grade', 'text')
      .addColumn('hard_failures', 'integer')
      .addColumn('soft_warnings', 'integer')
      .addColumn('avg_chroma_exceed', 'real')
      .addColumn('summary_json', 'text')
      .addColumn('meta_json', 'text')
      .addColumn('created_at', 'text')
      .execute();

    await db.schema
      .createTable('cost_events')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('run_id', 'text')
      .addColumn('job_id', 'text')
      .addColumn('provider_code', 'text')
      .addColumn('model_name', 'text')
      .addColumn('event_type', 'text')
      .addColumn('units', 'real')
      .addColumn('unit_cost_usd', 'real')
      .addColumn('total_cost_usd', 'real')
      .addColumn('currency', 'text')
      .addColumn('meta_json', 'text')
      .addColumn('created_at', 'text')
      .execute();

    await db.schema
      .createTable('project_exports')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('run_id', 'text')
      .addColumn('status', 'text')
      .addColumn('export_format', 'text')
      .addColumn('storage_uri', 'text')
      .addColumn('rel_path', 'text')
      .addColumn('file_size_bytes', 'integer')
      .addColumn('checksum_sha256', 'text')
      .addColumn('manifest_json', 'text')
      .addColumn('meta_json', 'text')
      .addColumn('created_at', 'text')
      .addColumn('completed_at', 'text')
      .execute();

    await createIndexes(db, [
      ['idx_runs_project_created', 'runs', ['project_id', 'created_at']],
      ['idx_run_jobs_run_created', 'run_jobs', ['run_id', 'created_at']],
      ['idx_assets_project_created', 'assets', ['project_id', 'created_at']],
    ]);
  },
};

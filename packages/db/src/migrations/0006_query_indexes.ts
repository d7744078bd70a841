import type { Migration } from 'kysely';
import { createIndexes, type MigrationDb } from './helpers.js';

/** Indexes the original lacked, one per list query and for the worker's queue scan. */
export const migration0006QueryIndexes: Migration = {
  async up(db: MigrationDb) {
    await createIndexes(db, [
      ['idx_projects_updated', 'projects', ['updated_at', 'created_at']],
      ['idx_run_candidates_job_index', 'run_candidates', ['job_id', 'candidate_index']],
      ['idx_assets_project_sha256', 'assets', ['project_id', 'sha256']],
      ['idx_assets_project_storage_uri', 'assets', ['project_id', 'storage_uri']],
      ['idx_asset_links_parent', 'asset_links', ['project_id', 'parent_asset_id']],
      ['idx_asset_links_child', 'asset_links', ['project_id', 'child_asset_id']],
      ['idx_quality_reports_project_created', 'quality_reports', ['project_id', 'created_at']],
      ['idx_cost_events_project_created', 'cost_events', ['project_id', 'created_at']],
      ['idx_cost_events_run', 'cost_events', ['run_id']],
      ['idx_project_exports_project_created', 'project_exports', ['project_id', 'created_at']],
      ['idx_prompt_templates_project_updated', 'prompt_templates', ['project_id', 'updated_at']],
      ['idx_style_guides_project_updated', 'style_guides', ['project_id', 'updated_at']],
      ['idx_characters_project_updated', 'characters', ['project_id', 'updated_at']],
      ['idx_reference_sets_project_updated', 'reference_sets', ['project_id', 'updated_at']],
      ['idx_reference_set_items_set_order', 'reference_set_items', ['reference_set_id', 'sort_order']],
      ['idx_chat_sessions_project_updated', 'chat_sessions', ['project_id', 'updated_at']],
      ['idx_chat_messages_session_seq', 'chat_messages', ['session_id', 'seq']],
      ['idx_agent_instructions_project_updated', 'agent_instructions', ['project_id', 'updated_at']],
      ['idx_agent_instructions_queue', 'agent_instructions', ['status', 'next_attempt_at']],
      ['idx_agent_instruction_events_instruction_seq', 'agent_instruction_events', ['instruction_id', 'seq']],
    ]);
  },
};

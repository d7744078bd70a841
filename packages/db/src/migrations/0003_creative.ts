import type { Migration } from 'kysely';
import { emptyObject, type MigrationDb } from './helpers.js';

/** Prompt templates, provider accounts, style guides, characters, reference sets and their items. */
export const migration0003Creative: Migration = {
  async up(db: MigrationDb) {
    await db.schema
      .createTable('prompt_templates')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('template_text', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addUniqueConstraint('prompt_templates_project_name_unique', ['project_id', 'name'])
      .execute();

    await db.schema
      .createTable('provider_accounts')
      .ifNotExists()
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('provider_code', 'text', (col) => col.notNull())
      .addColumn('display_name', 'text', (col) => col.notNull())
      .addColumn('account_ref', 'text')
      .addColumn('base_url', 'text')
      .addColumn('enabled', 'integer', (col) => col.notNull().defaultTo(1))
      .addColumn('config_json', 'text', (col) => col.notNull().defaultTo(emptyObject))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('provider_accounts_pk', ['project_id', 'provider_code'])
      .execute();

    await db.schema
      .createTable('style_guides')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('instructions', 'text', (col) => col.notNull())
      .addColumn('notes', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addUniqueConstraint('style_guides_project_name_unique', ['project_id', 'name'])
      .execute();

    await db.schema
      .createTable('characters')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('description', 'text')
      .addColumn('prompt_text', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addUniqueConstraint('characters_project_name_unique', ['project_id', 'name'])
      .execute();

    await db.schema
      .createTable('reference_sets')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('description', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addUniqueConstraint('reference_sets_project_name_unique', ['project_id', 'name'])
      .execute();

    // Unlike the original, items go with their set (FK cascade) instead of being left orphaned.
    await db.schema
      .createTable('reference_set_items')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('reference_set_id', 'text', (col) =>
        col.notNull().references('reference_sets.id').onDelete('cascade'),
      )
      .addColumn('label', 'text', (col) => col.notNull())
      .addColumn('content_uri', 'text')
      .addColumn('content_text', 'text')
      .addColumn('sort_order', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('metadata_json', 'text', (col) => col.notNull().defaultTo(emptyObject))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .execute();
  },
};

import type { Migration } from 'kysely';
import { createIndexes, emptyObject, emptyText, type MigrationDb } from './helpers.js';

/** Users, projects, storage policy, API tokens, audit events. */
export const migration0001Core: Migration = {
  async up(db: MigrationDb) {
    for (const table of ['users', 'app_users']) {
      await db.schema
        .createTable(table)
        .ifNotExists()
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('username', 'text', (col) => col.notNull().unique())
        .addColumn('display_name', 'text', (col) => col.notNull())
        .addColumn('email', 'text')
        .addColumn('is_active', 'integer', (col) => col.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
    }

    await db.schema
      .createTable('projects')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('slug', 'text', (col) => col.notNull())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('description', 'text', (col) => col.notNull().defaultTo(emptyText))
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
      .addColumn('settings_json', 'text', (col) => col.notNull().defaultTo(emptyObject))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addColumn('owner_user_id', 'text')
      .addUniqueConstraint('projects_user_slug_unique', ['user_id', 'slug'])
      .execute();

    await db.schema
      .createTable('project_storage')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().unique().references('projects.id').onDelete('cascade'))
      .addColumn('total_bytes', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('used_bytes', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addColumn('local_base_dir', 'text', (col) => col.notNull().defaultTo('var/projects'))
      .addColumn('local_project_root', 'text')
      .addColumn('s3_enabled', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('s3_bucket', 'text')
      .addColumn('s3_prefix', 'text')
      .addColumn('s3_region', 'text')
      .addColumn('s3_profile', 'text')
      .addColumn('s3_endpoint_url', 'text')
      .execute();

    await db.schema
      .createTable('api_tokens')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.notNull().references('app_users.id').onDelete('cascade'))
      .addColumn('project_id', 'text', (col) => col.references('projects.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (col) => col.notNull().unique())
      .addColumn('token_prefix', 'text', (col) => col.notNull())
      .addColumn('label', 'text', (col) => col.notNull().defaultTo(emptyText))
      .addColumn('expires_at', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('last_used_at', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('audit_events')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.references('projects.id').onDelete('set null'))
      .addColumn('actor_user_id', 'text', (col) => col.references('app_users.id').onDelete('set null'))
      .addColumn('event_code', 'text', (col) => col.notNull())
      .addColumn('payload_json', 'text', (col) => col.notNull().defaultTo(emptyObject))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();

    await createIndexes(db, [
      ['idx_projects_slug', 'projects', ['slug']],
      ['idx_projects_owner_slug', 'projects', ['owner_user_id', 'slug']],
      ['idx_api_tokens_user_created', 'api_tokens', ['user_id', 'created_at']],
      ['idx_api_tokens_project_created', 'api_tokens', ['project_id', 'created_at']],
      ['idx_audit_events_project_created', 'audit_events', ['project_id', 'created_at']],
    ]);
  },
};

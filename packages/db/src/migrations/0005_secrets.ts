import type { Migration } from 'kysely';
import type { MigrationDb } from './helpers.js';

/** Project secrets, encrypted at rest (`enc:v1:` AES-256-GCM); `key_ref` names the master key used. */
export const migration0005Secrets: Migration = {
  async up(db: MigrationDb) {
    await db.schema
      .createTable('project_secrets')
      .ifNotExists()
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('provider_code', 'text', (col) => col.notNull())
      .addColumn('secret_name', 'text', (col) => col.notNull())
      .addColumn('secret_value', 'text', (col) => col.notNull())
      .addColumn('key_ref', 'text', (col) => col.notNull().defaultTo('local-master'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('project_secrets_pk', ['project_id', 'provider_code', 'secret_name'])
      .execute();
  },
};

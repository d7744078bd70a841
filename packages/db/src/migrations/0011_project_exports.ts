import type { Migration } from 'kysely';
import type { MigrationDb } from './helpers.js';

/** The legacy writer's columns (data.md §1.5): `export_path`, `export_asset_id`, `export_sha256`, `sha256`, `format`. */
const LEGACY_EXPORT_COLUMNS = ['export_path', 'export_asset_id', 'export_sha256', 'sha256', 'format'] as const;

/**
 * Project exports as both generations of clients read them: the Rust shape (0002) plus the legacy columns, added
 * nullable (SQLite cannot add a NOT NULL column without a default) and only when missing — a database the legacy
 * scripts created already has them.
 */
export const migration0011ProjectExports: Migration = {
  async up(db: MigrationDb) {
    const tables = await db.introspection.getTables();
    const exportsTable = tables.find((table) => table.name === 'project_exports');
    for (const column of LEGACY_EXPORT_COLUMNS) {
      if (!exportsTable?.columns.some((existing) => existing.name === column)) {
        await db.schema.alterTable('project_exports').addColumn(column, 'text').execute();
      }
    }
  },
};

import type { Migration } from 'kysely';
import { emptyObject, type MigrationDb } from './helpers.js';

/** Chat sessions and messages, agent instructions (with the worker's lease columns) and their events. */
export const migration0004ChatAgent: Migration = {
  async up(db: MigrationDb) {
    await db.schema
      .createTable('chat_sessions')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('chat_messages')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('session_id', 'text', (col) => col.notNull().references('chat_sessions.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (col) => col.notNull())
      .addColumn('role', 'text', (col) => col.notNull())
      .addColumn('content', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('agent_instructions')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('instruction_text', 'text', (col) => col.notNull())
      .addColumn('instruction_type', 'text', (col) => col.notNull().defaultTo('agent_instruction'))
      .addColumn('payload_json', 'text', (col) => col.notNull().defaultTo(emptyObject))
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .addColumn('confirmed_at', 'text')
      .addColumn('canceled_at', 'text')
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (col) => col.notNull().defaultTo(3))
      .addColumn('next_attempt_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('locked_by', 'text')
      .addColumn('locked_at', 'text')
      .addColumn('agent_response_json', 'text')
      .execute();

    await db.schema
      .createTable('agent_instruction_events')
      .ifNotExists()
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('project_id', 'text', (col) => col.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('instruction_id', 'text', (col) =>
        col.notNull().references('agent_instructions.id').onDelete('cascade'),
      )
      .addColumn('seq', 'integer', (col) => col.notNull())
      .addColumn('event_type', 'text', (col) => col.notNull())
      .addColumn('message', 'text')
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
  },
};

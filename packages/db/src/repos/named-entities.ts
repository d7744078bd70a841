import { notFoundError, nowTimestamp, validationError } from '@kroma/contract';
import type { Selectable } from 'kysely';
import type { KromaDatabase } from '../schema/database.js';
import type { KromaDb, KromaStore } from '../store.js';
import { newId } from '../util/ids.js';
import { blankToNull, provided, requireText, trimmed } from '../util/input.js';
import { requireProject } from './project-lookup.js';

/** The first check of every partial update, before any lookup: at least one known field must be sent (non-null). */
export function requireAnyField(body: object, fields: readonly string[]): void {
  const values = body as Record<string, unknown>;
  if (!fields.some((field) => provided(values[field]))) {
    throw validationError(`Provide at least one of: ${fields.join(', ')}`);
  }
}

/** Project settings tables keyed by a per-project, case-sensitive unique `name`. */
export type TNamedTable = 'prompt_templates' | 'style_guides' | 'characters' | 'reference_sets';

export interface TNamedEntitySpec<TTable extends TNamedTable, TField extends string, TWire> {
  table: TTable;
  /** Texts that must be non-blank; `name` comes first (it is also the unique key). */
  required: readonly ['name', ...TField[]];
  /** Texts that may be blank: stored as NULL, read back as "". */
  optional: readonly TField[];
  notFound: string;
  duplicateName: string;
  toWire: (row: Selectable<KromaDatabase[TTable]>) => TWire;
}

type TTextBody<TField extends string> = { [K in TField | 'name']?: string | null };
type TTextColumns = Record<string, string | null>;

/**
 * List / create / get / update / delete for one name-keyed table, in the original's validation order:
 * create checks the body before the project; update checks "at least one field", then the project and the
 * row (both answering the entity's 404 message), then each field, then the name's uniqueness.
 */
export function namedEntityRepository<TTable extends TNamedTable, TField extends string, TWire>(
  spec: TNamedEntitySpec<TTable, TField, TWire>,
) {
  const { table, required, optional, notFound, duplicateName } = spec;
  const toWire = (row: unknown): TWire => spec.toWire(row as Selectable<KromaDatabase[TTable]>);

  async function findRow(db: KromaDb, projectId: string, id: string) {
    const row = await db
      .selectFrom(table as TNamedTable)
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFoundError(notFound);
    return row;
  }

  /** Checked with a SELECT inside the write transaction (BEGIN IMMEDIATE), so check-then-write cannot race. */
  async function requireNameFree(db: KromaDb, projectId: string, name: string, ownId?: string) {
    let query = db
      .selectFrom(table as TNamedTable)
      .select('id')
      .where('project_id', '=', projectId)
      .where('name', '=', name);
    if (ownId !== undefined) query = query.where('id', '<>', ownId);
    if (await query.executeTakeFirst()) throw validationError(duplicateName);
  }

  return {
    async list(store: KromaStore, slug: string): Promise<TWire[]> {
      const project = await requireProject(store.db, slug);
      const rows = await store.db
        .selectFrom(table as TNamedTable)
        .selectAll()
        .where('project_id', '=', project.id)
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toWire);
    },

    async create(store: KromaStore, slug: string, body: TTextBody<TField>): Promise<TWire> {
      const columns: TTextColumns = {};
      for (const field of required) columns[field] = requireText(body[field], field);
      for (const field of optional) columns[field] = blankToNull(trimmed(body[field]));
      return store.db.transaction().execute(async (trx) => {
        const project = await requireProject(trx, slug);
        await requireNameFree(trx, project.id, columns.name as string);
        const now = nowTimestamp();
        const id = newId();
        const row = { ...columns, id, project_id: project.id, created_at: now, updated_at: now };
        // The column set is exactly the table's (spec.required + spec.optional + keys), which the union type cannot express.
        await trx
          .insertInto(table as TNamedTable)
          .values(row as never)
          .execute();
        return toWire(await findRow(trx, project.id, id));
      });
    },

    async get(store: KromaStore, slug: string, id: string): Promise<TWire> {
      const project = await requireProject(store.db, slug, notFound);
      return toWire(await findRow(store.db, project.id, id));
    },

    async update(store: KromaStore, slug: string, id: string, body: TTextBody<TField>): Promise<TWire> {
      requireAnyField(body, [...required, ...optional]);
      return store.db.transaction().execute(async (trx) => {
        const project = await requireProject(trx, slug, notFound);
        await findRow(trx, project.id, id);
        const changes: TTextColumns = {};
        for (const field of required) if (provided(body[field])) changes[field] = requireText(body[field], field);
        for (const field of optional) if (provided(body[field])) changes[field] = blankToNull(trimmed(body[field]));
        if (changes.name) await requireNameFree(trx, project.id, changes.name, id);
        await trx
          .updateTable(table as TNamedTable)
          .set({ ...changes, updated_at: nowTimestamp() })
          .where('project_id', '=', project.id)
          .where('id', '=', id)
          .execute();
        return toWire(await findRow(trx, project.id, id));
      });
    },

    /** Returns the deleted id. Reference set items go with their set (FK cascade). */
    async remove(store: KromaStore, slug: string, id: string): Promise<string> {
      return store.db.transaction().execute(async (trx) => {
        const project = await requireProject(trx, slug, notFound);
        await findRow(trx, project.id, id);
        await trx
          .deleteFrom(table as TNamedTable)
          .where('project_id', '=', project.id)
          .where('id', '=', id)
          .execute();
        return id;
      });
    },
  };
}

import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

/**
 * Compiles a fixed-shape query once and re-executes its SQL with fresh parameters. Kysely otherwise rebuilds and
 * recompiles the query tree on every call, which costs as much as the SQLite work on the hottest routes.
 * `build` must use exactly the given parameters, each once, in the order listed (checked on first use).
 */
export function compiledQuery<TParams extends readonly unknown[], TRow>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  build: (db: Kysely<any>, ...params: TParams) => Compilable<TRow>,
) {
  // One SQL text per dialect (keyed by its adapter class), so SQLite and PostgreSQL stores can share the builder.
  const sqlByDialect = new Map<unknown, string>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async (db: Kysely<any>, ...params: TParams): Promise<TRow[]> => {
    const dialect = db.getExecutor().adapter.constructor;
    let sql = sqlByDialect.get(dialect);
    if (sql === undefined) {
      const compiled = build(db, ...params).compile();
      if (compiled.parameters.length !== params.length || compiled.parameters.some((p, i) => p !== params[i])) {
        throw new Error(`compiledQuery: parameters of ${compiled.sql} do not match the declared order`);
      }
      sql = compiled.sql;
      sqlByDialect.set(dialect, sql);
    }
    const result = await db.executeQuery<TRow>(CompiledQuery.raw(sql, [...params]));
    return result.rows;
  };
}

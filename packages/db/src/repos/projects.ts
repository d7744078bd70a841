import {
  normalizeSlug,
  nowTimestamp,
  slugifyOrDefault,
  validationError,
  type TProjectCounts,
  type TProjectInfo,
  type TProjectSummary,
  type TUpsertProjectBody,
} from '@kroma/contract';
import { sql } from 'kysely';
import type { KromaDb, KromaStore } from '../store.js';
import { compiledQuery } from '../util/compiled-query.js';
import { newId } from '../util/ids.js';
import { nonBlank, requireText, trimmed } from '../util/input.js';
import { writeAuditEvent } from './audit.js';
import type { TActor } from './context.js';
import { requireProject, type ProjectRow } from './project-lookup.js';
import { ensureStorageRow, loadStorage, toProjectRef } from './storage.js';
import { ensureUser, LOCAL_DISPLAY_NAME, LOCAL_USERNAME } from './users.js';

export const SLUG_TAKEN = 'Project slug is already used by another user. Choose a different slug.';

export const toProjectInfo = (p: ProjectRow): TProjectInfo => ({
  id: p.id,
  slug: p.slug,
  name: p.name,
  description: p.description,
  status: p.status,
  created_at: p.created_at,
  updated_at: p.updated_at,
});

const OWNER_ID = sql<string>`coalesce(p.owner_user_id, p.user_id)`;
const OWNER_USERNAME = sql<string>`coalesce(au.username, u.username)`;

const projectSummaries = (db: KromaDb) =>
  db
    .selectFrom('projects as p')
    .leftJoin('app_users as au', (join) => join.on('au.id', '=', OWNER_ID))
    .leftJoin('users as u', (join) => join.on('u.id', '=', OWNER_ID))
    .select(['p.id', 'p.slug', 'p.name', 'p.description', 'p.status', 'p.created_at', 'p.updated_at'])
    .select(sql<string>`coalesce(au.username, u.username, '')`.as('username'))
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.created_at', 'desc');

const selectAllProjects = compiledQuery((db: KromaDb) => projectSummaries(db));
const selectProjectsOfUser = compiledQuery((db: KromaDb, username: string) =>
  projectSummaries(db).where(OWNER_USERNAME, '=', username),
);

/** Newest activity first; a username that normalizes to nothing is no filter. */
export async function listProjects(store: KromaStore, query: { username?: string }): Promise<TProjectSummary[]> {
  const username = query.username === undefined ? undefined : normalizeSlug(query.username);
  return username === undefined ? selectAllProjects(store.db) : selectProjectsOfUser(store.db, username);
}

/** Upsert keyed by (owner, slug): re-activates, overwrites name and description (omitted description → ""). */
export async function upsertProject(store: KromaStore, actor: TActor, body: TUpsertProjectBody) {
  const name = requireText(body.name, 'name');
  const username = normalizeSlug(trimmed(body.username) ?? '') ?? LOCAL_USERNAME;
  const displayName = nonBlank(body.user_display_name) ?? LOCAL_DISPLAY_NAME;
  const description = trimmed(body.description) ?? '';
  const slug = normalizeSlug(trimmed(body.slug) ?? '') ?? slugifyOrDefault(name);

  return store.db.transaction().execute(async (trx) => {
    const ownerId = await ensureUser(trx, username, displayName);
    const now = nowTimestamp();
    const existing = await trx
      .selectFrom('projects')
      .selectAll()
      .where('slug', '=', slug)
      .where((eb) => eb.or([eb('owner_user_id', '=', ownerId), eb('user_id', '=', ownerId)]))
      .orderBy(sql`case when owner_user_id = ${ownerId} then 0 else 1 end`)
      .executeTakeFirst();
    let projectId: string;
    if (existing) {
      projectId = existing.id;
      await trx
        .updateTable('projects')
        .set({ name, description, status: 'active', owner_user_id: ownerId, updated_at: now })
        .where('id', '=', projectId)
        .execute();
    } else {
      const clash = await trx.selectFrom('projects').select('id').where('slug', '=', slug).executeTakeFirst();
      if (clash) throw validationError(SLUG_TAKEN);
      projectId = newId();
      await trx
        .insertInto('projects')
        .values({
          id: projectId,
          user_id: ownerId,
          owner_user_id: ownerId,
          slug,
          name,
          description,
          status: 'active',
          settings_json: '{}',
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const project = await trx.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirstOrThrow();
    await ensureStorageRow(trx, project);
    const auditId = await writeAuditEvent(trx, actor, {
      projectId,
      eventCode: 'project.upsert',
      payload: { project_id: projectId, slug },
    });
    return { project: toProjectRef(project), storage: await loadStorage(store, trx, project), auditId };
  });
}

export async function countProject(store: KromaStore, projectId: string): Promise<TProjectCounts> {
  const row = await store.db
    .selectNoFrom((eb) => [
      eb.selectFrom('runs').select(eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).as('runs'),
      eb
        .selectFrom('run_jobs')
        .innerJoin('runs', 'runs.id', 'run_jobs.run_id')
        .select(eb.fn.countAll<number>().as('n'))
        .where('runs.project_id', '=', projectId)
        .as('jobs'),
      eb.selectFrom('assets').select(eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).as('assets'),
    ])
    .executeTakeFirstOrThrow();
  return { runs: Number(row.runs), jobs: Number(row.jobs), assets: Number(row.assets) };
}

export async function getProjectDetail(store: KromaStore, slug: string) {
  const project = await requireProject(store.db, slug);
  return {
    project: toProjectInfo(project),
    counts: await countProject(store, project.id),
    storage: await loadStorage(store, store.db, project),
  };
}

import { isAbsolute, resolve } from 'node:path';
import { nowTimestamp, validationError, type TProjectRef, type TStorage, type TUpdateLocalStorageBody, type TUpdateS3StorageBody } from '@kroma/contract';
import type { Selectable } from 'kysely';
import type { ProjectStorageTable } from '../schema/database.js';
import type { KromaDb, KromaStore } from '../store.js';
import { newId } from '../util/ids.js';
import { parseJsonObject } from '../util/json.js';
import { nonBlank, provided, trimmed } from '../util/input.js';
import { writeAuditEvent } from './audit.js';
import type { TActor } from './context.js';
import { requireProject, type ProjectRow } from './project-lookup.js';

export const DEFAULT_BASE_DIR = 'var/projects';
export const DEFAULT_S3_PREFIX = 'iat-projects';

type StorageRow = Selectable<ProjectStorageTable>;

const textOf = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** The storage row wins completely; without one, the legacy `settings_json.storage` block seeds the defaults. */
function storageFields(project: ProjectRow, row: StorageRow | undefined) {
  if (row) return row;
  const legacy = parseJsonObject(project.settings_json).storage as Record<string, Record<string, unknown>> | undefined;
  const local = legacy?.local ?? {};
  const s3 = legacy?.s3 ?? {};
  return {
    local_base_dir: textOf(local.base_dir),
    local_project_root: textOf(local.project_root) || null,
    s3_enabled: s3.enabled === true ? 1 : 0,
    s3_bucket: textOf(s3.bucket) || null,
    s3_prefix: textOf(s3.prefix) || null,
    s3_region: textOf(s3.region) || null,
    s3_profile: textOf(s3.profile) || null,
    s3_endpoint_url: textOf(s3.endpoint_url) || null,
  };
}

/** `project_root` is derived, never stored: the override (relative to the app root) or `<base_dir>/<slug>`. */
export function resolveStorage(appRoot: string, project: ProjectRow, row: StorageRow | undefined): TStorage {
  const fields = storageFields(project, row);
  const baseDir = fields.local_base_dir?.trim() || DEFAULT_BASE_DIR;
  const override = fields.local_project_root?.trim();
  const projectRoot = override
    ? resolve(appRoot, override)
    : resolve(isAbsolute(baseDir) ? baseDir : resolve(appRoot, baseDir), project.slug);
  return {
    local: { base_dir: baseDir, project_root: projectRoot },
    s3: {
      enabled: fields.s3_enabled === 1,
      bucket: fields.s3_bucket ?? '',
      prefix: fields.s3_prefix?.trim() || DEFAULT_S3_PREFIX,
      region: fields.s3_region ?? '',
      profile: fields.s3_profile ?? '',
      endpoint_url: fields.s3_endpoint_url ?? '',
    },
  };
}

export async function loadStorage(store: Pick<KromaStore, 'appRoot'>, db: KromaDb, project: ProjectRow): Promise<TStorage> {
  const row = await db.selectFrom('project_storage').selectAll().where('project_id', '=', project.id).executeTakeFirst();
  return resolveStorage(store.appRoot, project, row);
}

/** Creates the storage row (seeded from the legacy settings block) when the project has none. */
export async function ensureStorageRow(db: KromaDb, project: ProjectRow): Promise<void> {
  const now = nowTimestamp();
  const seed = storageFields(project, undefined);
  await db
    .insertInto('project_storage')
    .values({
      id: newId(),
      project_id: project.id,
      local_base_dir: seed.local_base_dir || DEFAULT_BASE_DIR,
      local_project_root: seed.local_project_root,
      s3_enabled: seed.s3_enabled,
      s3_bucket: seed.s3_bucket,
      s3_prefix: seed.s3_prefix,
      s3_region: seed.s3_region,
      s3_profile: seed.s3_profile,
      s3_endpoint_url: seed.s3_endpoint_url,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('project_id').doNothing())
    .execute();
}

export const toProjectRef = (project: ProjectRow): TProjectRef => ({ id: project.id, slug: project.slug, name: project.name });

export async function getProjectStorage(store: KromaStore, slug: string) {
  const project = await requireProject(store.db, slug);
  return { project: toProjectRef(project), storage: await loadStorage(store, store.db, project) };
}

type TStorageChanges = Partial<
  Pick<
    StorageRow,
    'local_base_dir' | 'local_project_root' | 's3_enabled' | 's3_bucket' | 's3_prefix' | 's3_region' | 's3_profile' | 's3_endpoint_url'
  >
>;

/** One transaction: the project (404), field checks, the row update, the audit event, the re-read. */
async function updateStorage(
  store: KromaStore,
  actor: TActor,
  slug: string,
  side: 'local' | 's3',
  changesFor: (project: ProjectRow) => TStorageChanges,
) {
  return store.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, slug);
    const changes = changesFor(project);
    await ensureStorageRow(trx, project);
    await trx
      .updateTable('project_storage')
      .set({ ...changes, updated_at: nowTimestamp() })
      .where('project_id', '=', project.id)
      .execute();
    const auditId = await writeAuditEvent(trx, actor, {
      projectId: project.id,
      eventCode: `storage.${side}.update`,
      payload: { updated: side },
    });
    return { project: toProjectRef(project), storage: await loadStorage(store, trx, project), auditId };
  });
}

export async function updateLocalStorage(store: KromaStore, actor: TActor, slug: string, body: TUpdateLocalStorageBody) {
  if (!provided(body.base_dir) && !provided(body.project_root)) {
    throw validationError('Provide at least one of: base_dir, project_root');
  }
  return updateStorage(store, actor, slug, 'local', () => {
    const changes: TStorageChanges = {};
    if (provided(body.base_dir)) {
      const baseDir = nonBlank(body.base_dir);
      if (baseDir === undefined) throw validationError("Field 'base_dir' must not be empty");
      changes.local_base_dir = baseDir;
    }
    if (provided(body.project_root)) changes.local_project_root = nonBlank(body.project_root) ?? null;
    return changes;
  });
}

/** No "at least one field" rule: `{}` is an audited no-op, as in the original. */
export async function updateS3Storage(store: KromaStore, actor: TActor, slug: string, body: TUpdateS3StorageBody) {
  return updateStorage(store, actor, slug, 's3', () => {
    const changes: TStorageChanges = {};
    if (provided(body.enabled)) changes.s3_enabled = body.enabled ? 1 : 0;
    for (const field of ['bucket', 'prefix', 'region', 'profile', 'endpoint_url'] as const) {
      const value = body[field];
      if (provided(value)) changes[`s3_${field}`] = trimmed(value) || null;
    }
    return changes;
  });
}

import { createHash, randomUUID } from 'node:crypto';
import {
  formatTimestamp,
  KromaError,
  normalizeSlug,
  notFoundError,
  nowTimestamp,
  validationError,
  type TAuthTokenCreated,
  type TAuthTokenSummary,
  type TCreateAuthTokenBody,
} from '@kroma/contract';
import type { KromaDb, KromaStore } from '../store.js';
import { nonBlank, trimmed } from '../util/input.js';
import { PROJECT_NOT_FOUND } from './project-lookup.js';
import { ensureUser, LOCAL_DISPLAY_NAME, LOCAL_USERNAME } from './users.js';

export const TOKEN_PREFIX = 'kroma_';
export const MISSING_BEARER_TOKEN = 'Missing Authorization: Bearer token';
const LABEL_MAX_CHARS = 200;

export const hashToken = (token: string): string => createHash('sha256').update(token.trim()).digest('hex');

/** `kroma_` + 64 lowercase hex (two UUID v4 without hyphens). */
export const generateToken = (): string =>
  TOKEN_PREFIX + randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');

/**
 * Expiry must be a real instant: RFC 3339 (any offset) or a plain date (end of that day, UTC). It is stored in
 * the server's timestamp format so that the `expires_at > now` string comparison stays correct — the original
 * compared free-form text.
 */
export function normalizeExpiry(raw: string): string {
  const text = raw.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;
  const candidate = dateOnly ? `${text}T23:59:59Z` : rfc3339.test(text) ? text : undefined;
  const date = candidate === undefined ? undefined : new Date(candidate.replace(' ', 'T'));
  if (!date || Number.isNaN(date.getTime())) {
    throw validationError("Field 'expires_at' must be an RFC 3339 timestamp or a date (YYYY-MM-DD)");
  }
  return formatTimestamp(date);
}

const isActive = (row: { revoked_at: string | null; expires_at: string | null }, now: string): boolean =>
  row.revoked_at === null && (row.expires_at === null || row.expires_at > now);

export interface TCreateTokenOptions {
  /** First-token bootstrap: mint only while no active token exists (checked inside the write transaction). */
  onlyIfNoActiveTokens?: boolean;
}

export async function createAuthToken(
  store: KromaStore,
  body: TCreateAuthTokenBody,
  options: TCreateTokenOptions = {},
): Promise<TAuthTokenCreated> {
  const label = [...(trimmed(body.label) ?? '')].slice(0, LABEL_MAX_CHARS).join('');
  const expiresRaw = nonBlank(body.expires_at);
  const expiresAt = expiresRaw === undefined ? null : normalizeExpiry(expiresRaw);

  return store.db.transaction().execute(async (trx) => {
    if (options.onlyIfNoActiveTokens && (await countActiveTokens(trx)) > 0) {
      throw new KromaError('unauthorized', MISSING_BEARER_TOKEN);
    }
    const userId = await ensureUser(trx, LOCAL_USERNAME, LOCAL_DISPLAY_NAME);
    let projectId: string | null = null;
    if (body.project_slug !== undefined && body.project_slug !== null) {
      const slug = normalizeSlug(body.project_slug);
      const project =
        slug === undefined
          ? undefined
          : await trx
              .selectFrom('projects')
              .select('id')
              .where('slug', '=', slug)
              .where((eb) => eb(eb.fn.coalesce('owner_user_id', 'user_id'), '=', userId))
              .executeTakeFirst();
      if (!project) throw notFoundError(PROJECT_NOT_FOUND);
      projectId = project.id;
    }
    const token = generateToken();
    const created: TAuthTokenCreated = {
      id: randomUUID(),
      token,
      token_prefix: token.slice(0, 12),
      label,
      project_id: projectId,
      created_at: nowTimestamp(),
      expires_at: expiresAt,
    };
    await trx
      .insertInto('api_tokens')
      .values({
        id: created.id,
        user_id: userId,
        project_id: projectId,
        token_hash: hashToken(token),
        token_prefix: created.token_prefix,
        label,
        expires_at: expiresAt,
        revoked_at: null,
        last_used_at: null,
        created_at: created.created_at,
      })
      .execute();
    return created;
  });
}

export async function listAuthTokens(store: KromaStore): Promise<TAuthTokenSummary[]> {
  const now = nowTimestamp();
  const rows = await store.db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'project_id', 'token_prefix', 'label', 'expires_at', 'revoked_at', 'last_used_at', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({ ...row, active: isActive(row, now) }));
}

/** Idempotent: a second revocation keeps the first `revoked_at` and still answers 200. */
export async function revokeAuthToken(store: KromaStore, rawTokenId: string): Promise<string> {
  const tokenId = rawTokenId.trim();
  if (tokenId === '') throw validationError('token_id is required');
  const result = await store.db
    .updateTable('api_tokens')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(nowTimestamp())) }))
    .where('id', '=', tokenId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFoundError('Auth token not found');
  return tokenId;
}

export interface TTokenPrincipal {
  tokenId: string;
  userId: string;
  projectId: string | null;
}

/** The principal behind a valid (known, unrevoked, unexpired) token; records `last_used_at`. */
export async function authenticateToken(store: KromaStore, token: string): Promise<TTokenPrincipal | undefined> {
  const now = nowTimestamp();
  const row = await store.db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'project_id', 'revoked_at', 'expires_at', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || !isActive(row, now)) return undefined;
  if (row.last_used_at !== now) {
    await store.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { tokenId: row.id, userId: row.user_id, projectId: row.project_id };
}

export async function countActiveTokens(db: KromaDb): Promise<number> {
  const now = nowTimestamp();
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type TProjectAccess = 'allowed' | 'denied' | 'check_failed';

/** Owner match (and project match for a project-bound token); a slug shared by several owners is refused. */
export async function checkProjectAccess(store: KromaStore, rawSlug: string, principal: TTokenPrincipal): Promise<TProjectAccess> {
  const slug = normalizeSlug(rawSlug);
  if (slug === undefined) return 'check_failed';
  const projects = await store.db
    .selectFrom('projects')
    .select(['id', 'owner_user_id', 'user_id'])
    .where('slug', '=', slug)
    .limit(2)
    .execute();
  if (projects.length > 1) return 'check_failed';
  const project = projects[0];
  if (!project) return 'denied';
  if ((project.owner_user_id ?? project.user_id) !== principal.userId) return 'denied';
  if (principal.projectId !== null && principal.projectId !== project.id) return 'denied';
  return 'allowed';
}

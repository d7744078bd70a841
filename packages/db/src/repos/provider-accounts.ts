import {
  normalizeSlug,
  notFoundError,
  nowTimestamp,
  type TProviderAccount,
  type TProviderAccountBody,
} from '@kroma/contract';
import type { KromaDb, KromaStore } from '../store.js';
import { blankToNull, nonBlank, provided, requireProviderCode, requireText, trimmed } from '../util/input.js';
import { toJsonText } from '../util/json.js';
import { writeAuditEvent } from './audit.js';
import type { TActor } from './context.js';
import { toProviderAccount } from './mappers.js';
import { requireAnyField } from './named-entities.js';
import { requireProject, type ProjectRow } from './project-lookup.js';

export const PROVIDER_ACCOUNT_NOT_FOUND = 'Provider account not found';
const UPDATE_FIELDS = ['display_name', 'account_ref', 'base_url', 'enabled', 'config_json'] as const;

export type TProviderAccountUpdateBody = Omit<TProviderAccountBody, 'provider_code'>;

/**
 * Routes addressed by code check in the original's order: an invalid path slug is the account's 404, an
 * invalid code is 400, then the project (404) — which the caller looks up, inside its transaction if it writes.
 */
function checkAddress(slug: string, rawCode: string): string {
  if (normalizeSlug(slug) === undefined) throw notFoundError(PROVIDER_ACCOUNT_NOT_FOUND);
  return requireProviderCode(rawCode);
}

async function requireAccount(db: KromaDb, project: ProjectRow, code: string) {
  const row = await db
    .selectFrom('provider_accounts')
    .selectAll()
    .where('project_id', '=', project.id)
    .where('provider_code', '=', code)
    .executeTakeFirst();
  if (!row) throw notFoundError(PROVIDER_ACCOUNT_NOT_FOUND);
  return row;
}

export async function listProviderAccounts(store: KromaStore, slug: string): Promise<TProviderAccount[]> {
  const project = await requireProject(store.db, slug);
  const rows = await store.db
    .selectFrom('provider_accounts')
    .selectAll()
    .where('project_id', '=', project.id)
    .orderBy('provider_code', 'asc')
    .execute();
  return rows.map(toProviderAccount);
}

/** Create or FULL replace: omitted optional fields go back to their defaults; only `created_at` survives. */
export async function upsertProviderAccount(store: KromaStore, actor: TActor, slug: string, body: TProviderAccountBody) {
  const code = requireProviderCode(body.provider_code);
  const fields = {
    display_name: nonBlank(body.display_name) ?? code,
    account_ref: nonBlank(body.account_ref) ?? null,
    base_url: nonBlank(body.base_url) ?? null,
    enabled: body.enabled === false ? 0 : 1,
    config_json: toJsonText(body.config_json ?? undefined),
  };
  return store.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, slug);
    const now = nowTimestamp();
    await trx
      .insertInto('provider_accounts')
      .values({ project_id: project.id, provider_code: code, ...fields, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['project_id', 'provider_code']).doUpdateSet({ ...fields, updated_at: now }))
      .execute();
    const auditId = await writeAuditEvent(trx, actor, {
      projectId: project.id,
      eventCode: 'provider_account.upsert',
      payload: { provider_code: code },
    });
    return { providerAccount: toProviderAccount(await requireAccount(trx, project, code)), auditId };
  });
}

export async function getProviderAccount(store: KromaStore, slug: string, rawCode: string): Promise<TProviderAccount> {
  const code = checkAddress(slug, rawCode);
  const project = await requireProject(store.db, slug, PROVIDER_ACCOUNT_NOT_FOUND);
  return toProviderAccount(await requireAccount(store.db, project, code));
}

/** Partial merge: blank `account_ref`/`base_url` clear, `config_json` is replaced whole. */
export async function updateProviderAccount(
  store: KromaStore,
  actor: TActor,
  slug: string,
  rawCode: string,
  body: TProviderAccountUpdateBody,
) {
  requireAnyField(body, UPDATE_FIELDS);
  const code = checkAddress(slug, rawCode);
  return store.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, slug, PROVIDER_ACCOUNT_NOT_FOUND);
    await requireAccount(trx, project, code);
    const changes: { display_name?: string; account_ref?: string | null; base_url?: string | null; enabled?: number; config_json?: string } =
      {};
    if (provided(body.display_name)) changes.display_name = requireText(body.display_name, 'display_name');
    if (provided(body.account_ref)) changes.account_ref = blankToNull(trimmed(body.account_ref));
    if (provided(body.base_url)) changes.base_url = blankToNull(trimmed(body.base_url));
    if (provided(body.enabled)) changes.enabled = body.enabled ? 1 : 0;
    if (provided(body.config_json)) changes.config_json = toJsonText(body.config_json);
    await trx
      .updateTable('provider_accounts')
      .set({ ...changes, updated_at: nowTimestamp() })
      .where('project_id', '=', project.id)
      .where('provider_code', '=', code)
      .execute();
    const auditId = await writeAuditEvent(trx, actor, {
      projectId: project.id,
      eventCode: 'provider_account.update',
      payload: { provider_code: code },
    });
    return { providerAccount: toProviderAccount(await requireAccount(trx, project, code)), auditId };
  });
}

/** The audit payload and the response echo the code as sent in the path, not its normalized form. */
export async function deleteProviderAccount(store: KromaStore, actor: TActor, slug: string, rawCode: string) {
  const code = checkAddress(slug, rawCode);
  return store.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, slug, PROVIDER_ACCOUNT_NOT_FOUND);
    await requireAccount(trx, project, code);
    await trx
      .deleteFrom('provider_accounts')
      .where('project_id', '=', project.id)
      .where('provider_code', '=', code)
      .execute();
    const auditId = await writeAuditEvent(trx, actor, {
      projectId: project.id,
      eventCode: 'provider_account.delete',
      payload: { provider_code: rawCode },
    });
    return { providerCode: rawCode, auditId };
  });
}

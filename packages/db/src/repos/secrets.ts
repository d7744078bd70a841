import { normalizeSlug, notFoundError, nowTimestamp, type TSecret, type TUpsertSecretBody } from '@kroma/contract';
import { decryptSecret, encryptSecret } from '../secrets/cipher.js';
import type { KromaStore } from '../store.js';
import { nonBlank, requireProviderCode, requireText } from '../util/input.js';
import { writeAuditEvent } from './audit.js';
import type { TActor } from './context.js';
import { toSecret } from './mappers.js';
import { requireProject } from './project-lookup.js';

export const SECRET_NOT_FOUND = 'Secret not found';

export async function listSecrets(store: KromaStore, slug: string): Promise<TSecret[]> {
  const project = await requireProject(store.db, slug);
  const rows = await store.db
    .selectFrom('project_secrets')
    .selectAll()
    .where('project_id', '=', project.id)
    .orderBy('provider_code', 'asc')
    .orderBy('secret_name', 'asc')
    .execute();
  return rows.map(toSecret);
}

/**
 * Stores the value encrypted (`enc:v1:`) under the keyring's current key; an existing secret keeps its
 * `created_at`. Only metadata comes back — the value never leaves this module.
 */
export async function upsertSecret(store: KromaStore, actor: TActor, slug: string, body: TUpsertSecretBody) {
  const providerCode = requireProviderCode(body.provider_code);
  const secretName = requireText(body.secret_name, 'secret_name');
  const value = requireText(body.secret_value, 'secret_value');
  return store.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, slug);
    const now = nowTimestamp();
    const encrypted = encryptSecret(value, store.keyring.encryptionKey());
    const keyRef = store.keyring.keyRef;
    await trx
      .insertInto('project_secrets')
      .values({
        project_id: project.id,
        provider_code: providerCode,
        secret_name: secretName,
        secret_value: encrypted,
        key_ref: keyRef,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['project_id', 'provider_code', 'secret_name']).doUpdateSet({ secret_value: encrypted, key_ref: keyRef, updated_at: now }),
      )
      .execute();
    const row = await trx
      .selectFrom('project_secrets')
      .selectAll()
      .where('project_id', '=', project.id)
      .where('provider_code', '=', providerCode)
      .where('secret_name', '=', secretName)
      .executeTakeFirstOrThrow();
    const auditId = await writeAuditEvent(trx, actor, {
      projectId: project.id,
      eventCode: 'secret.upsert',
      payload: { provider_code: providerCode, secret_name: secretName },
    });
    return { secret: toSecret(row), auditId };
  });
}

/** Checks the address before any lookup; the audit payload carries the path values as sent. */
export async function deleteSecret(store: KromaStore, actor: TActor, slug: string, rawProviderCode: string, rawSecretName: string) {
  const providerCode = requireProviderCode(rawProviderCode);
  const secretName = requireText(rawSecretName, 'secret_name');
  return store.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, slug, SECRET_NOT_FOUND);
    const result = await trx
      .deleteFrom('project_secrets')
      .where('project_id', '=', project.id)
      .where('provider_code', '=', providerCode)
      .where('secret_name', '=', secretName)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFoundError(SECRET_NOT_FOUND);
    const auditId = await writeAuditEvent(trx, actor, {
      projectId: project.id,
      eventCode: 'secret.delete',
      payload: { provider_code: rawProviderCode, secret_name: rawSecretName },
    });
    return { auditId };
  });
}

/**
 * The plaintext of a secret, for internal callers (the agent worker) only; never for an HTTP response.
 * Missing or blank → `undefined`; legacy plaintext rows are returned as stored.
 */
export async function readSecretValue(
  store: KromaStore,
  projectId: string,
  providerCode: string,
  secretName: string,
): Promise<string | undefined> {
  const code = normalizeSlug(providerCode);
  const name = nonBlank(secretName);
  if (code === undefined || name === undefined) return undefined;
  const row = await store.db
    .selectFrom('project_secrets')
    .select('secret_value')
    .where('project_id', '=', projectId)
    .where('provider_code', '=', code)
    .where('secret_name', '=', name)
    .executeTakeFirst();
  const stored = nonBlank(row?.secret_value);
  if (stored === undefined) return undefined;
  return nonBlank(decryptSecret(stored, store.keyring.decryptionKeys()));
}

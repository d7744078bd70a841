import { nowTimestamp } from '@kroma/contract';
import type { KromaDb } from '../store.js';
import { newId } from '../util/ids.js';

export const LOCAL_USERNAME = 'local';
export const LOCAL_DISPLAY_NAME = 'Local User';

/**
 * Finds or creates a user by username and writes it to both `app_users` (canonical) and `users` (the
 * original's holdover, still the FK target of projects.user_id) with one id. Returns that id.
 */
export async function ensureUser(db: KromaDb, username: string, displayName: string): Promise<string> {
  const now = nowTimestamp();
  const existing =
    (await db.selectFrom('app_users').select('id').where('username', '=', username).executeTakeFirst()) ??
    (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
  const id = existing?.id ?? newId();
  for (const table of ['app_users', 'users'] as const) {
    await db
      .insertInto(table)
      .values({ id, username, display_name: displayName, email: null, is_active: 1, created_at: now, updated_at: now })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ username, display_name: displayName, is_active: 1, updated_at: now }),
      )
      .execute();
  }
  return id;
}

export async function findUserIdByUsername(db: KromaDb, username: string): Promise<string | undefined> {
  const row = await db.selectFrom('app_users').select('id').where('username', '=', username).executeTakeFirst();
  return row?.id;
}

import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { KromaError } from '@kroma/contract';
import { getProjectStorage, loadCharacterCards, openStore, type KromaStore } from '@kroma/db';
import { sanitizeId, type TCharacterCard } from '@kroma/pipeline';
import { UsageError } from './output.js';

/** What every verb runs in: the checkout root, the environment (after `.env`), the working directory. */
export interface TCliEnvironment {
  appRoot: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The SQLite file the server uses: `KROMA_BACKEND_DB` (relative → app root), else `var/backend/app.db`. */
export const backendDbPath = (cli: TCliEnvironment): string =>
  resolve(cli.appRoot, cli.env.KROMA_BACKEND_DB?.trim() || 'var/backend/app.db');

export interface TProjectContext {
  slug: string;
  projectRoot: string;
  /** True when the root came from the database's project storage. */
  resolvedFromBackend: boolean;
}

/** `--project`, else `KROMA_PROJECT`, else the original's `IMAGE_LAB_PROJECT`; sanitised like the original (§1.3). */
export function projectSlug(cli: TCliEnvironment, flag: string | undefined): string {
  const raw = flag ?? cli.env.KROMA_PROJECT ?? cli.env.IMAGE_LAB_PROJECT ?? '';
  const slug = sanitizeId(raw);
  if (slug === '') {
    throw new UsageError(raw.trim() === '' ? 'missing --project <slug>' : `--project "${raw}" has no usable characters`);
  }
  return slug;
}

/** Opens the database only when its file exists: a lookup must not create an empty database. */
async function withExistingStore<T>(cli: TCliEnvironment, use: (store: KromaStore) => Promise<T>): Promise<T | undefined> {
  const path = backendDbPath(cli);
  if (!existsSync(path)) return undefined;
  const store = await openStore({ path, appRoot: cli.appRoot });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

const isNotFound = (error: unknown): boolean => error instanceof KromaError && error.kind === 'not_found';

/**
 * The project's root: `--project-root` (relative → app root), else the database's storage root for the slug,
 * else an error saying what to do.
 */
export async function resolveProjectContext(
  cli: TCliEnvironment,
  flags: { project?: string; projectRoot?: string },
): Promise<TProjectContext> {
  const root = flags.projectRoot?.trim();
  if (root) {
    // The slug only names the project in run logs; `validate-config` needs none.
    const slug = flags.project === undefined ? sanitizeId(cli.env.KROMA_PROJECT ?? cli.env.IMAGE_LAB_PROJECT ?? '') : projectSlug(cli, flags.project);
    return { slug, projectRoot: resolve(cli.appRoot, root), resolvedFromBackend: false };
  }
  const slug = projectSlug(cli, flags.project);
  const dbPath = backendDbPath(cli);
  const storage = await withExistingStore(cli, async (store) => {
    try {
      return await getProjectStorage(store, slug);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  });
  if (storage === undefined) {
    throw new UsageError(
      `cannot find project "${slug}" in the database ${dbPath}: pass --project-root <dir> or create the project first`,
    );
  }
  return { slug, projectRoot: storage.storage.local.project_root, resolvedFromBackend: true };
}

/**
 * The project's character cards from the database (none when there is no database or no such project), each with
 * its reference images by the reference-set naming convention of `loadCharacterCards` in `@kroma/db`.
 */
export async function projectCharacterCards(
  cli: TCliEnvironment,
  project: TProjectContext,
  warn: (message: string) => void,
): Promise<TCharacterCard[]> {
  const cards = await withExistingStore(cli, async (store) => {
    try {
      return await loadCharacterCards(store, project.slug, { projectRoot: project.projectRoot, warn });
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  });
  return cards ?? [];
}

/** How paths are printed (§1.7): app-root-relative with `/`, or absolute when outside the app root. */
export function shownPath(path: string, appRoot: string): string {
  const rel = relative(resolve(appRoot), resolve(appRoot, path));
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return resolve(appRoot, path);
  return rel.split(sep).join('/');
}

import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { conflictError, normalizeSlug, validationError, type TProjectRef } from '@kroma/contract';
import {
  ANONYMOUS_ACTOR,
  DEFAULT_BASE_DIR,
  findProjectBySlug,
  projectExistsMessage,
  resolveStorage,
  restoreProjectArchive,
  type KromaStore,
  type ProjectRow,
  type TActor,
  type TArchiveRow,
} from '@kroma/db';
import { storedPathOf, pathRebaser } from '../package/stored-path.js';
import type { TProjectFile } from '../package/format.js';
import { archiveIdsCollide, idRemapper } from './id-remap.js';
import { packageRows } from './package-rows.js';
import { assertFreeFolder, placeProjectFiles } from './place-files.js';
import { stageArchive } from './stage-archive.js';
import { verifyPackage } from './verify-package.js';

export interface TImportProjectOptions {
  /** Import under this slug instead of the archived one (required when that one is taken). */
  slug?: string | null;
  actor?: TActor;
}

export interface TImportProjectResult {
  project: TProjectRef;
  project_root: string;
  copied_rows: Record<string, number>;
  copied_files: number;
  /** True when the archive's ids already existed here and every id was replaced (consistently) by a new one. */
  remapped_ids: boolean;
  exported_at: string;
  audit_id: string;
}

function targetSlug(raw: string): string {
  const slug = normalizeSlug(raw);
  if (slug === undefined) throw validationError("Field 'project' must contain letters or digits");
  return slug;
}

/**
 * The storage row to write: S3 settings as exported; the local folder becomes `<base_dir>/<slug>` of this app
 * root — a project-root override or an absolute base dir named a folder of the exporting machine.
 */
function adaptStorage(storage: TArchiveRow | null): TArchiveRow | null {
  if (!storage) return null;
  const baseDir = typeof storage.local_base_dir === 'string' && storage.local_base_dir.trim() !== '' && !isAbsolute(storage.local_base_dir) ? storage.local_base_dir : DEFAULT_BASE_DIR;
  return { ...storage, local_base_dir: baseDir, local_project_root: null };
}

function projectRootOf(store: KromaStore, projectFile: TProjectFile, slug: string, storage: TArchiveRow | null): string {
  const project = { ...projectFile.project, slug } as unknown as ProjectRow;
  const row = (storage ?? undefined) as Parameters<typeof resolveStorage>[2];
  return resolveStorage(store.appRoot, project, row).local.project_root;
}

/**
 * `kroma import <archive>`: restores an exported project (tar.gz or folder) into this database and app root.
 * Every SHA-256 of the manifest is checked in a staging folder before anything is written; the project folder
 * (which must be free) is then put in place with one rename and the rows written in one transaction — if that
 * fails, the folder is removed again. Ids are kept; when any of them already exists here (the same archive
 * imported twice, under another slug), all are remapped consistently. Stored paths move to the new folder.
 */
export async function importProject(store: KromaStore, archivePath: string, options: TImportProjectOptions = {}): Promise<TImportProjectResult> {
  const staging = join(store.appRoot, 'var', 'tmp', `import-${randomUUID()}`);
  await mkdir(staging, { recursive: true });
  let placedRoot: string | undefined;
  try {
    const packageDir = await stageArchive(resolve(store.appRoot, archivePath), staging);
    const { header, projectFile } = await verifyPackage(packageDir);
    const slug = targetSlug(options.slug?.trim() || projectFile.project.slug);
    if (await findProjectBySlug(store.db, slug)) throw conflictError(projectExistsMessage(slug));
    const storage = adaptStorage(projectFile.storage);
    const projectRoot = projectRootOf(store, projectFile, slug, storage);
    await assertFreeFolder(projectRoot);
    const remapped = await archiveIdsCollide(store.db, projectFile, packageDir);
    const mapId = remapped ? idRemapper() : (id: string) => id;
    const oldRoots = [projectFile.project_root.stored, projectFile.project_root.absolute];
    await placeProjectFiles(packageDir, projectRoot);
    placedRoot = projectRoot;
    const restored = await restoreProjectArchive(store, options.actor ?? ANONYMOUS_ACTOR, {
      settings: projectFile,
      slug,
      storage,
      rows: (table) => packageRows(packageDir, table),
      mapId,
      mapPath: pathRebaser(oldRoots, storedPathOf(store.appRoot, projectRoot)),
      auditPayload: { source_slug: projectFile.project.slug, exported_at: header.exported_at, remapped_ids: remapped },
    });
    return {
      project: restored.project,
      project_root: projectRoot,
      copied_rows: restored.copiedRows,
      copied_files: header.copied_files,
      remapped_ids: remapped,
      exported_at: header.exported_at,
      audit_id: restored.auditId,
    };
  } catch (error) {
    if (placedRoot !== undefined) await rm(placedRoot, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

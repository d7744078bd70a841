import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { nowTimestamp, type TProjectExport } from '@kroma/contract';
import {
  ANONYMOUS_ACTOR,
  ARCHIVED_TABLES,
  loadProjectArchiveSettings,
  loadStorage,
  ownerOf,
  recordProjectExport,
  requireProject,
  type KromaStore,
  type ProjectRow,
  type TActor,
} from '@kroma/db';
import { FolderSink } from '../package/folder-sink.js';
import { dbEntryPath, MANIFEST_FILE, PROJECT_FILE, PROJECT_FILE_FORMAT, type TManifestHeader, type TProjectFile } from '../package/format.js';
import { ManifestWriter } from '../package/manifest-writer.js';
import type { TPackageSink } from '../package/sink.js';
import { storedPathOf } from '../package/stored-path.js';
import { TarGzSink } from '../package/tar-gz-sink.js';
import { projectFiles, runLogFiles, writeTableRows, type TPackageFile, type TProjectFilesOptions } from './export-sources.js';
import { resolveExportTarget, type TExportTarget, type TExportTargetOptions } from './export-target.js';

export interface TExportProgress {
  phase: 'rows' | 'files' | 'done';
  files_done: number;
  files_total: number;
  bytes_done: number;
}

export interface TExportProjectOptions extends TExportTargetOptions {
  /** Copy the whole project folder (default true); without it only run logs and the selected finals travel. */
  includeFiles?: boolean | null;
  actor?: TActor;
  onProgress?: (progress: TExportProgress) => void;
}

/** The legacy response's fields plus the new `export` record. */
export interface TExportProjectResult {
  project_slug: string;
  export_path: string;
  export_sha256: string | null;
  export_asset_id: string;
  export: TProjectExport;
  manifest: TManifestHeader;
}

interface TPackaging {
  store: KromaStore;
  project: ProjectRow;
  projectRoot: string;
  includeFiles: boolean;
  sink: TPackageSink;
  manifest: ManifestWriter;
  workDir: string;
  excluded: (absolute: string) => boolean;
  onProgress?: (progress: TExportProgress) => void;
}

async function countFiles(sources: AsyncIterable<TPackageFile>[]): Promise<number> {
  let count = 0;
  for (const source of sources) for await (const _file of source) count += 1;
  return count;
}

/** project.json, db/*.jsonl, run logs, files, then manifest.json (the last entry: it lists all the others). */
async function writePackage(packaging: TPackaging): Promise<TManifestHeader> {
  const { store, project, projectRoot, sink, manifest, workDir, onProgress } = packaging;
  const add = async (entryPath: string, source: string, move = false) => {
    const entry = await sink.addFile(entryPath, source, { move });
    await manifest.add(entry);
    return entry;
  };
  const exportedAt = nowTimestamp();
  const settings = await loadProjectArchiveSettings(store.db, project);
  const projectFile: TProjectFile = {
    format: PROJECT_FILE_FORMAT,
    exported_at: exportedAt,
    project_root: { stored: storedPathOf(store.appRoot, projectRoot), absolute: projectRoot },
    ...settings,
    project: { ...settings.project, id: project.id, slug: project.slug, name: project.name },
  };
  await writeFile(join(workDir, PROJECT_FILE), `${JSON.stringify(projectFile, null, 2)}\n`, { flag: 'wx' });
  await add(PROJECT_FILE, join(workDir, PROJECT_FILE), true);

  const copiedRows: Record<string, number> = {};
  for (const [table, rows] of Object.entries(settings.tables)) copiedRows[table] = rows.length;
  for (const table of ARCHIVED_TABLES) {
    onProgress?.({ phase: 'rows', files_done: 0, files_total: 0, bytes_done: 0 });
    const path = join(workDir, `${table}.jsonl`);
    copiedRows[table] = await writeTableRows(store.db, project.id, table, path);
    await add(dbEntryPath(table), path, true);
  }

  const sourceOptions: TProjectFilesOptions = { ...packaging, db: store.db, appRoot: store.appRoot, projectId: project.id };
  const total = onProgress ? await countFiles([runLogFiles(sourceOptions), projectFiles(sourceOptions)]) : 0;
  let filesDone = 0;
  let bytesDone = 0;
  for (const source of [runLogFiles(sourceOptions), projectFiles(sourceOptions)]) {
    for await (const file of source) {
      const entry = await add(file.entryPath, file.absolute);
      filesDone += 1;
      bytesDone += entry.size;
      onProgress?.({ phase: 'files', files_done: filesDone, files_total: Math.max(total, filesDone), bytes_done: bytesDone });
    }
  }
  const header = await manifest.compose(join(workDir, MANIFEST_FILE), {
    exported_at: exportedAt,
    project: { id: project.id, slug: project.slug, name: project.name, owner_user_id: ownerOf(project) },
    include_files: packaging.includeFiles,
    copied_rows: copiedRows,
    copied_files: filesDone,
  });
  await sink.addFile(MANIFEST_FILE, join(workDir, MANIFEST_FILE), { move: true });
  onProgress?.({ phase: 'done', files_done: filesDone, files_total: filesDone, bytes_done: bytesDone });
  return header;
}

/** The finished package takes the output's place (a folder output of an earlier export is replaced whole). */
async function moveIntoPlace(tempPath: string, target: TExportTarget): Promise<void> {
  if (target.format === 'folder') await rm(target.absolutePath, { recursive: true, force: true });
  await rename(tempPath, target.absolutePath);
}

const within = (folder: string) => (path: string) => path === folder || path.startsWith(folder + sep);

/**
 * Exports a project as a package (data.md §5.2, extended): `project.json` (project, storage policy, settings —
 * never a secret), `db/<table>.jsonl` (runs, jobs, candidates, assets, links, QA, costs; streamed page by page),
 * `runs/` (run logs), `files/` (the project folder, or only the selected finals without `includeFiles`) and
 * `manifest.json` (every entry's size and SHA-256). Written to a temp name and renamed, then recorded (§5.4):
 * an `export` asset, a `project_exports` row in both shapes, the audit event `project.exported`.
 */
export async function exportProject(store: KromaStore, slug: string, options: TExportProjectOptions = {}): Promise<TExportProjectResult> {
  const project = await requireProject(store.db, slug);
  const target = resolveExportTarget(store.appRoot, project.slug, nowTimestamp().replace(/:/g, '-'), options);
  const projectRoot = (await loadStorage(store, store.db, project)).local.project_root;
  const outputDir = dirname(target.absolutePath);
  await mkdir(outputDir, { recursive: true });
  const token = randomUUID().slice(0, 8);
  const tempPath = `${target.absolutePath}.tmp-${token}`;
  const workDir = join(outputDir, `.${basename(target.absolutePath)}.work-${token}`);
  await mkdir(workDir);
  const sink = target.format === 'tar.gz' ? new TarGzSink(tempPath, target.packageName) : new FolderSink(tempPath);
  const manifest = new ManifestWriter(join(workDir, 'entries.jsonl'));
  const excludedFolders = [tempPath, workDir, target.absolutePath].map(within);
  const includeFiles = options.includeFiles ?? true;
  try {
    const header = await writePackage({
      store,
      project,
      projectRoot,
      includeFiles,
      sink,
      manifest,
      workDir,
      excluded: (path) => excludedFolders.some((isWithin) => isWithin(path)),
      onProgress: options.onProgress,
    });
    const output = await sink.finish();
    await moveIntoPlace(tempPath, target);
    const record = await recordProjectExport(store, options.actor ?? ANONYMOUS_ACTOR, {
      projectId: project.id,
      path: storedPathOf(store.appRoot, target.absolutePath),
      format: target.format,
      sha256: output.sha256,
      sizeBytes: output.sizeBytes,
      mimeType: target.format === 'tar.gz' ? 'application/gzip' : null,
      includeFiles,
      manifest: { ...header },
    }).catch(async (error: unknown) => {
      await rm(target.absolutePath, { recursive: true, force: true });
      throw error;
    });
    return {
      project_slug: project.slug,
      export_path: target.absolutePath,
      export_sha256: output.sha256,
      export_asset_id: record.assetId,
      export: record.export,
      manifest: header,
    };
  } catch (error) {
    await manifest.discard();
    await sink.abort();
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

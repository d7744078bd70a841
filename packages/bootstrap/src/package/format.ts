import { validationError } from '@kroma/contract';
import type { TArchiveRow, TProjectArchiveSettings } from '@kroma/db';

/** `project.json` and `manifest.json` carry these format ids; an importer refuses any other. */
export const PROJECT_FILE_FORMAT = 'kroma.project-export.v1';
export const MANIFEST_FORMAT = 'kroma.export-manifest.v1';

export const PROJECT_FILE = 'project.json';
export const MANIFEST_FILE = 'manifest.json';
/** `db/<table>.jsonl`: one row per line. */
export const dbEntryPath = (table: string): string => `db/${table}.jsonl`;
/** The project folder's `runs/` (run logs) travel as `runs/…`; every other project file as `files/…`. */
export const RUNS_DIR = 'runs';
export const FILES_DIR = 'files';

/** `project.json`: the project's own row, owner, storage policy and settings tables, rows as stored. */
export interface TProjectFile extends TProjectArchiveSettings {
  format: typeof PROJECT_FILE_FORMAT;
  exported_at: string;
  /** The project folder as rows store paths (app-root-relative with `/`, or absolute) and as an absolute path. */
  project_root: { stored: string; absolute: string };
  project: TArchiveRow & { id: string; slug: string; name: string };
}

/** One packaged file: its path inside the package, size and SHA-256. */
export interface TManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

/** `manifest.json` without its entry list (what `project_exports.manifest_json` stores). */
export interface TManifestHeader {
  format: typeof MANIFEST_FORMAT;
  exported_at: string;
  project: { id: string; slug: string; name: string; owner_user_id: string };
  include_files: boolean;
  copied_rows: Record<string, number>;
  copied_files: number;
  entry_count: number;
  total_bytes: number;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every problem with an archive's content is a 400 starting with this. */
export const corruptArchiveError = (what: string) => validationError(`Archive is corrupt: ${what}`);
const corrupt = corruptArchiveError;

const rowList = (value: unknown, name: string): TArchiveRow[] => {
  if (!Array.isArray(value) || !value.every(isRecord)) throw corrupt(`project.json has no '${name}' list`);
  return value;
};

/** `project.json` read back: the shape this version writes, or a 400 naming what is wrong. */
export function readProjectFile(value: unknown): TProjectFile {
  if (!isRecord(value) || value.format !== PROJECT_FILE_FORMAT) throw corrupt(`project.json is not a ${PROJECT_FILE_FORMAT} file`);
  const { project, project_root: root, tables, storage, owner } = value;
  if (!isRecord(project) || typeof project.id !== 'string' || typeof project.slug !== 'string' || typeof project.name !== 'string') {
    throw corrupt('project.json has no project id, slug and name');
  }
  if (!isRecord(root) || typeof root.stored !== 'string' || typeof root.absolute !== 'string') {
    throw corrupt('project.json has no project_root');
  }
  if (!isRecord(tables)) throw corrupt("project.json has no 'tables'");
  const validOwner = isRecord(owner) && typeof owner.username === 'string' && typeof owner.display_name === 'string';
  return {
    format: PROJECT_FILE_FORMAT,
    exported_at: typeof value.exported_at === 'string' ? value.exported_at : '',
    project_root: { stored: root.stored, absolute: root.absolute },
    project: project as TProjectFile['project'],
    owner: validOwner ? { username: owner.username as string, display_name: owner.display_name as string } : null,
    storage: isRecord(storage) ? storage : null,
    tables: {
      provider_accounts: rowList(tables.provider_accounts, 'provider_accounts'),
      style_guides: rowList(tables.style_guides, 'style_guides'),
      characters: rowList(tables.characters, 'characters'),
      reference_sets: rowList(tables.reference_sets, 'reference_sets'),
      reference_set_items: rowList(tables.reference_set_items, 'reference_set_items'),
      prompt_templates: rowList(tables.prompt_templates, 'prompt_templates'),
    },
  };
}

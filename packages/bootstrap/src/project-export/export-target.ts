import { existsSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { validationError } from '@kroma/contract';
import { MANIFEST_FILE } from '../package/format.js';

export type TPackageFormat = 'tar.gz' | 'folder';

export const EXPORT_MESSAGES = {
  badFormat: "Field 'format' must be one of: tar.gz, folder",
  outsideAppRoot: "Field 'output' must be a path inside the app root",
  formatMismatch: "Field 'format' does not match the suffix of 'output'",
} as const;

export interface TExportTargetOptions {
  output?: string | null;
  format?: string | null;
  /** The CLI may write anywhere; the HTTP route keeps outputs inside the app root. */
  allowOutsideAppRoot?: boolean;
}

export interface TExportTarget {
  absolutePath: string;
  format: TPackageFormat;
  /** The package's top folder inside a tar.gz: `<slug>_<stamp>`. */
  packageName: string;
}

/** zip is named in the contract but node has no zip writer, and Kroma adds no dependency for one. */
function parseFormat(raw: string | null | undefined): TPackageFormat | undefined {
  const format = raw?.trim().toLowerCase();
  if (format === undefined || format === '') return undefined;
  if (format === 'tar.gz' || format === 'tgz') return 'tar.gz';
  if (format === 'folder') return 'folder';
  throw validationError(EXPORT_MESSAGES.badFormat);
}

/** Legacy rule: `.tar.gz` / `.tgz` is an archive; any other name a folder (`.zip` is refused, see above). */
function formatOfOutput(path: string): TPackageFormat {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.tar.gz') || name.endsWith('.tgz')) return 'tar.gz';
  if (name.endsWith('.zip')) throw validationError(EXPORT_MESSAGES.badFormat);
  return 'folder';
}

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/** An existing output may only be replaced by its own kind: a file by an archive, an export folder by a folder. */
function checkReplaceable(path: string, format: TPackageFormat): void {
  const facts = statSync(path, { throwIfNoEntry: false });
  if (!facts) return;
  const isExportFolder = facts.isDirectory() && existsSync(join(path, MANIFEST_FILE));
  if (format === 'tar.gz' ? !facts.isFile() : !isExportFolder) {
    throw validationError(`Output '${path}' already exists and is not a Kroma export ${format === 'tar.gz' ? 'archive' : 'folder'}`);
  }
}

/** `var/exports/<slug>_<stamp>[.tar.gz]`, with `_2`, `_3`, … when an export of the same second exists. */
function defaultOutput(appRoot: string, packageName: string, format: TPackageFormat): string {
  const suffix = format === 'tar.gz' ? '.tar.gz' : '';
  for (let attempt = 1; ; attempt += 1) {
    const name = attempt === 1 ? packageName : `${packageName}_${attempt}`;
    const path = join(appRoot, 'var', 'exports', `${name}${suffix}`);
    if (!existsSync(path)) return path;
  }
}

/** Output path and format of an export: `output`'s suffix picks the format; `format` alone picks the default name. */
export function resolveExportTarget(appRoot: string, slug: string, stamp: string, options: TExportTargetOptions): TExportTarget {
  const packageName = `${slug}_${stamp}`;
  const format = parseFormat(options.format);
  const output = options.output?.trim();
  if (output === undefined || output === '') {
    const chosen = format ?? 'tar.gz';
    return { absolutePath: defaultOutput(appRoot, packageName, chosen), format: chosen, packageName };
  }
  const absolutePath = resolve(appRoot, output);
  if (options.allowOutsideAppRoot !== true && !inside(appRoot, absolutePath)) throw validationError(EXPORT_MESSAGES.outsideAppRoot);
  const suffixFormat = formatOfOutput(absolutePath);
  if (format !== undefined && format !== suffixFormat) throw validationError(EXPORT_MESSAGES.formatMismatch);
  checkReplaceable(absolutePath, suffixFormat);
  return { absolutePath, format: suffixFormat, packageName };
}

import { join } from 'node:path';

/** The folders of a project root (§3.4). */
export interface TProjectLayout {
  root: string;
  outputs: string;
  runs: string;
  backgroundRemoved: string;
  upscaled: string;
  colorCorrected: string;
  archiveBad: string;
  archiveReplaced: string;
  /** The optional project settings layer. */
  settingsFile: string;
}

export function projectLayout(root: string): TProjectLayout {
  return {
    root,
    outputs: join(root, 'outputs'),
    runs: join(root, 'runs'),
    backgroundRemoved: join(root, 'background_removed'),
    upscaled: join(root, 'upscaled'),
    colorCorrected: join(root, 'color_corrected'),
    archiveBad: join(root, 'archive', 'bad'),
    archiveReplaced: join(root, 'archive', 'replaced'),
    settingsFile: join(root, '.kroma', 'pipeline.settings.json'),
  };
}

/** The folders `dry`/`run` create up front; pass folders are made on demand. */
export const precreatedDirs = (layout: TProjectLayout): string[] => [
  layout.outputs,
  layout.runs,
  layout.archiveBad,
  layout.archiveReplaced,
];

/** A file-name-safe stamp from ISO-8601 UTC: `:` and `.` become `-` (`2026-02-25T01-20-56-123Z`). */
export const fileStamp = (date: Date): string => date.toISOString().replace(/[:.]/g, '-');

/** `<root>/runs/run_<stamp>.json`. */
export const runLogPath = (root: string, date: Date): string => join(projectLayout(root).runs, `run_${fileStamp(date)}.json`);

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ImageAnalyzer } from '@kroma/adapters';
import pLimit from 'p-limit';
import { displayPath } from '../paths.js';
import { listImageFiles } from './image-files.js';
import { round4 } from './rounding.js';

export interface TOutputGuardSettings {
  max_chroma_delta: number;
  enforce_grayscale: boolean;
  fail_on_chroma_exceed: boolean;
}

export type TOutputGuardReason =
  | 'not_grayscale_like'
  | 'chroma_exceeds_threshold'
  | 'image_read_failed'
  | 'input_not_found'
  | 'no_images_found';

export interface TOutputGuardFileEntry {
  file: string;
  chroma_delta: number | null;
  grayscale_like: boolean | null;
  hard_fail_reasons: TOutputGuardReason[];
  soft_warnings: TOutputGuardReason[];
  error?: string;
}

export interface TOutputGuardSummary {
  total_files: number;
  hard_failures: number;
  soft_warnings: number;
}

export interface TOutputGuardReport {
  input: string;
  settings: TOutputGuardSettings;
  summary: TOutputGuardSummary;
  files: TOutputGuardFileEntry[];
}

export interface TBuildOutputGuardReportInput {
  /** A file or a directory (searched recursively); relative paths resolve against `root`. */
  input: string;
  settings: TOutputGuardSettings;
  analyzer: ImageAnalyzer;
  /** Paths in the report are relative to this (the app root). */
  root: string;
}

/** Images measured at once: enough to keep the cores busy, few enough that decoded pixels stay bounded. */
const ANALYZE_CONCURRENCY = 4;

export const guardThreshold = (settings: TOutputGuardSettings): number => Math.max(0, settings.max_chroma_delta);

/** Classification of one decoded image (§5.2); `chroma` is the unrounded measurement. */
export function classifyChroma(file: string, chroma: number, settings: TOutputGuardSettings): TOutputGuardFileEntry {
  const grayscaleLike = chroma <= guardThreshold(settings);
  const hard: TOutputGuardReason[] = [];
  const soft: TOutputGuardReason[] = [];
  if (settings.enforce_grayscale && !grayscaleLike) hard.push('not_grayscale_like');
  if (!grayscaleLike) (settings.fail_on_chroma_exceed ? hard : soft).push('chroma_exceeds_threshold');
  return {
    file,
    chroma_delta: round4(chroma),
    grayscale_like: grayscaleLike,
    hard_fail_reasons: hard,
    soft_warnings: soft,
  };
}

const inputProblem = (file: string, reason: 'input_not_found' | 'no_images_found'): TOutputGuardFileEntry => ({
  file,
  chroma_delta: null,
  grayscale_like: null,
  hard_fail_reasons: [reason],
  soft_warnings: [],
  error: reason,
});

const readFailure = (file: string, error: unknown): TOutputGuardFileEntry => ({
  file,
  chroma_delta: null,
  grayscale_like: null,
  hard_fail_reasons: ['image_read_failed'],
  soft_warnings: [],
  error: error instanceof Error ? error.message : String(error),
});

async function inspectFile(file: string, input: TBuildOutputGuardReportInput): Promise<TOutputGuardFileEntry> {
  const shown = displayPath(file, input.root);
  try {
    const { chromaDelta } = await input.analyzer.measure(file);
    return classifyChroma(shown, chromaDelta, input.settings);
  } catch (error) {
    return readFailure(shown, error);
  }
}

async function inputKind(path: string): Promise<'file' | 'directory' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

/** Summary counts files with at least one reason, not reasons. */
function summarize(files: TOutputGuardFileEntry[], totalFiles: number): TOutputGuardSummary {
  return {
    total_files: totalFiles,
    hard_failures: files.filter((entry) => entry.hard_fail_reasons.length > 0).length,
    soft_warnings: files.filter((entry) => entry.soft_warnings.length > 0).length,
  };
}

/** The output guard (§5): measures every image under `input` and classifies it against the settings. */
export async function buildOutputGuardReport(input: TBuildOutputGuardReportInput): Promise<TOutputGuardReport> {
  const absoluteInput = resolve(input.root, input.input);
  const shownInput = displayPath(absoluteInput, input.root);
  const report = (files: TOutputGuardFileEntry[], totalFiles: number): TOutputGuardReport => ({
    input: shownInput,
    settings: { ...input.settings },
    summary: summarize(files, totalFiles),
    files,
  });

  const kind = await inputKind(absoluteInput);
  if (kind === 'missing') return report([inputProblem(shownInput, 'input_not_found')], 0);

  let imageFiles: string[];
  if (kind === 'file') imageFiles = [absoluteInput];
  else {
    try {
      imageFiles = await listImageFiles(absoluteInput);
    } catch (error) {
      return report([readFailure(shownInput, error)], 0);
    }
  }
  if (imageFiles.length === 0) return report([inputProblem(shownInput, 'no_images_found')], 0);

  const limit = pLimit(ANALYZE_CONCURRENCY);
  const files = await Promise.all(imageFiles.map((file) => limit(() => inspectFile(file, input))));
  return report(files, files.length);
}

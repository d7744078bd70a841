import { isAbsolute, relative, resolve } from 'node:path';
import { SharpImageAnalyzer } from '@kroma/adapters';
import { validationError } from '@kroma/contract';
import { buildOutputGuardReport, projectLayout, qaCommandResult, resolvePipelineSettings, type TSettingsOverrides } from '@kroma/pipeline';
import type { TWorkContext, TWorkResult } from './types.js';

/** Failed files listed in the answer (the full report stays with QA; an answer for a huge folder stays small). */
const MAX_LISTED_FAILURES = 100;

/** `payload.folder` (relative → the project root; default its outputs folder); it must stay inside the project. */
function qaFolder(payload: Record<string, unknown>, projectRoot: string): string {
  const folder = typeof payload.folder === 'string' && payload.folder.trim() !== '' ? payload.folder.trim() : undefined;
  if (folder === undefined) return projectLayout(projectRoot).outputs;
  const path = resolve(projectRoot, folder);
  const inside = relative(projectRoot, path);
  if (inside.startsWith('..') || isAbsolute(inside)) throw validationError("Field 'folder' must be inside the project root");
  return path;
}

/** The guard flags `kroma qa` has, from the payload: `enforce_grayscale`, `fail_on_chroma_exceed`, `max_chroma_delta`. */
function guardOverrides(payload: Record<string, unknown>): TSettingsOverrides {
  const overrides: TSettingsOverrides = {};
  if (typeof payload.enforce_grayscale === 'boolean') overrides.enforceGrayscale = payload.enforce_grayscale;
  if (typeof payload.fail_on_chroma_exceed === 'boolean') overrides.failOnChromaExceed = payload.fail_on_chroma_exceed;
  if (typeof payload.max_chroma_delta === 'number' && Number.isFinite(payload.max_chroma_delta)) overrides.maxChromaDelta = payload.max_chroma_delta;
  return overrides;
}

/**
 * `qa_check`: the output guard the `kroma qa` verb runs, over a folder of the project. The check itself is the
 * work, so hard failures are reported in the answer (`has_hard_failures`), not as a failed instruction.
 */
export async function runQaCheck(context: TWorkContext): Promise<TWorkResult> {
  const { backend, claimed } = context;
  const projectRoot = await backend.projects.projectRoot(claimed.projectSlug);
  const payload = claimed.instruction.payload_json;
  const input = qaFolder(payload, projectRoot);
  const settings = await resolvePipelineSettings({ appRoot: backend.appRoot, projectRoot }, guardOverrides(payload));
  if (!settings.outputGuardEnabled) return { outcome: 'done', response: qaCommandResult(null, false) };
  const report = await buildOutputGuardReport({ input, settings: settings.manifest.output_guard, analyzer: new SharpImageAnalyzer(), root: backend.appRoot });
  const failed = report.files
    .filter((file) => file.hard_fail_reasons.length > 0)
    .slice(0, MAX_LISTED_FAILURES)
    .map((file) => ({ file: file.file, reasons: file.hard_fail_reasons }));
  return {
    outcome: 'done',
    response: {
      ok: report.summary.hard_failures === 0,
      enabled: true,
      has_hard_failures: report.summary.hard_failures > 0,
      input: report.input,
      summary: report.summary,
      failed_files: failed,
    },
  };
}

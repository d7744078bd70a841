import { join } from 'node:path';
import type { TImageFormat } from '@kroma/contract';
import { buildPassOutputPath } from './sanitize.js';
import type { TProjectLayout } from './layout.js';

/** `<job>.png` when the job has one candidate, `<job>__c<k>.png` (1-based) when it has several (§3.3). */
export function candidateFileName(jobId: string, candidateIndex: number, candidateCount: number): string {
  if (!Number.isInteger(candidateIndex) || candidateIndex < 1 || candidateIndex > candidateCount) {
    throw new RangeError(`candidate index ${candidateIndex} is outside 1..${candidateCount}`);
  }
  return candidateCount === 1 ? `${jobId}.png` : `${jobId}__c${candidateIndex}.png`;
}

/** The passes enabled for a candidate, with what names their files. */
export interface TPassNaming {
  bgRemove?: { format: TImageFormat };
  upscale?: { scale: number; format: TImageFormat };
  color?: { profile: string };
}

/** Every file one candidate produces, in chain order: generated, then each enabled pass (§3.3, §7.1). */
export interface TCandidatePaths {
  generated: string;
  bgRemove?: string;
  upscale?: string;
  color?: string;
  /** The last file of the chain: the one QA checks. */
  final: string;
}

export function planCandidatePaths(
  layout: TProjectLayout,
  jobId: string,
  candidateIndex: number,
  candidateCount: number,
  passes: TPassNaming,
): TCandidatePaths {
  const generated = join(layout.outputs, candidateFileName(jobId, candidateIndex, candidateCount));
  const paths: TCandidatePaths = { generated, final: generated };
  if (passes.bgRemove) {
    paths.bgRemove = buildPassOutputPath(layout.backgroundRemoved, paths.final, 'nobg', passes.bgRemove.format);
    paths.final = paths.bgRemove;
  }
  if (passes.upscale) {
    const { scale, format } = passes.upscale;
    paths.upscale = buildPassOutputPath(layout.upscaled, paths.final, `x${scale}`, format);
    paths.final = paths.upscale;
  }
  if (passes.color) {
    paths.color = buildPassOutputPath(layout.colorCorrected, paths.final, passes.color.profile, 'png');
    paths.final = paths.color;
  }
  return paths;
}

import { z } from 'zod';
import { validationError } from '@kroma/contract';
import { parseWithSchema } from '../config/issues.js';
import { STAGES, TIMES_OF_DAY, WEATHERS, type TStage, type TStageSelection, type TTimeOfDay, type TWeather } from './prompt.js';
import { fileStem, sanitizeId } from './sanitize.js';

/** A job before its prompt is final: characters still have to be injected (see `plan-run.ts`). */
export interface TJobDraft {
  id: string;
  mode: TStage;
  time: TTimeOfDay;
  weather: TWeather;
  /** Paths as given (relative to the app root) or absolute. */
  inputImages: string[];
  /** The stage chunks joined, or a jobs-file prompt verbatim. */
  promptHead: string;
  noInvention: boolean;
  characters: string[];
}

/** Manifest mode (§3.2): one job per scene, `<stage>_<i>_<stem>` (`<stage>_<i>_<i>` when the stem sanitises away). */
export function expandManifestJobs(input: {
  scenes: readonly string[];
  styleRefs: readonly string[];
  selection: TStageSelection;
  promptHead: string;
  noInvention: boolean;
  characters: readonly string[];
}): TJobDraft[] {
  const { stage, time, weather } = input.selection;
  return input.scenes.map((scene, position) => {
    const i = position + 1;
    return {
      id: `${stage}_${i}_${sanitizeId(fileStem(scene)) || String(i)}`,
      mode: stage,
      time,
      weather,
      inputImages: [scene, ...input.styleRefs],
      promptHead: input.promptHead,
      noInvention: input.noInvention,
      characters: [...input.characters],
    };
  });
}

const required = (message: string) => ({ required_error: message, invalid_type_error: message });
const NON_EMPTY = 'must be a non-empty string';
const oneOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z.enum(values, { errorMap: () => ({ message: `must be one of: ${values.join(', ')}` }) });

/**
 * Ids are used verbatim (not sanitised) but become file names, so they may hold only letters, digits, `_`, `-` and
 * single inner dots — no `/`, no `..` (the original let an id write anywhere).
 */
const JOB_ID_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

export const ZJobsFileEntrySchema = z.object(
  {
    id: z
      .string(required(NON_EMPTY))
      .trim()
      .min(1, NON_EMPTY)
      .pipe(z.string().regex(JOB_ID_PATTERN, 'may contain only letters, digits, _, - and inner dots')),
    prompt: z.string(required(NON_EMPTY)).trim().min(1, NON_EMPTY),
    input_images: z
      .array(z.string(required(NON_EMPTY)).trim().min(1, NON_EMPTY), required('must be an array of non-empty strings'))
      .min(1, 'must list at least one image'),
    mode: oneOf(STAGES).default('style'),
    time: oneOf(TIMES_OF_DAY).default('day'),
    weather: oneOf(WEATHERS).default('clear'),
    characters: z.array(z.string(required(NON_EMPTY)).trim().min(1, NON_EMPTY), required('must be an array of names')).optional(),
  },
  required('must be an object'),
);
export type TJobsFileEntry = z.output<typeof ZJobsFileEntrySchema>;

export const ZJobsFileSchema = z
  .array(ZJobsFileEntrySchema, required('must be a JSON array of jobs'))
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      if (seen.has(entry.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [index, 'id'], message: `repeats id ${entry.id}` });
      seen.add(entry.id);
    });
  });

/** A parsed jobs-file JSON value, checked; errors read `jobs file: [1].prompt must be a non-empty string`. */
export function parseJobsFile(value: unknown): TJobsFileEntry[] {
  const parsed = parseWithSchema(ZJobsFileSchema, value);
  if (!parsed.ok) throw validationError(`jobs file: ${parsed.detail}`);
  return parsed.value;
}

/**
 * Jobs-file mode (§3.2): prompts and images as listed — no style refs, no stage chunks, no no-invention sentence.
 * An entry's `characters` replaces the run-level list.
 */
export function jobsFromFile(entries: readonly TJobsFileEntry[], runCharacters: readonly string[]): TJobDraft[] {
  return entries.map((entry) => ({
    id: entry.id,
    mode: entry.mode,
    time: entry.time,
    weather: entry.weather,
    inputImages: [...entry.input_images],
    promptHead: entry.prompt,
    noInvention: false,
    characters: [...(entry.characters ?? runCharacters)],
  }));
}

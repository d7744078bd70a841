export const TRIGGER_MODES = ['dry', 'run'] as const;
export const TRIGGER_STAGES = ['style', 'time', 'weather'] as const;
export const TRIGGER_TIMES = ['day', 'night'] as const;
export const TRIGGER_WEATHERS = ['clear', 'rain'] as const;
export const MIN_TRIGGER_CANDIDATES = 1;
export const MAX_TRIGGER_CANDIDATES = 6;

export type TTriggerMode = (typeof TRIGGER_MODES)[number];
export type TTriggerStage = (typeof TRIGGER_STAGES)[number];
export type TTriggerTime = (typeof TRIGGER_TIMES)[number];
export type TTriggerWeather = (typeof TRIGGER_WEATHERS)[number];

/** A validated `POST …/runs/trigger` body, before the project is known. Absent optional fields stay absent. */
export interface TPipelineTriggerRequestInput {
  mode: TTriggerMode;
  /** True only for a confirmed paid run (a dry run never spends, whatever the body said). */
  confirmSpend: boolean;
  /** As sent (trimmed, non-blank); checked against the project's storage root once the project is resolved. */
  projectRoot?: string;
  /** Exactly one of `input` / `sceneRefs` is set. */
  input?: string;
  sceneRefs?: string[];
  styleRefs?: string[];
  /** Absent means the pipeline's own default. */
  stage?: TTriggerStage;
  time?: TTriggerTime;
  weather?: TTriggerWeather;
  candidates?: number;
  storageSyncS3: boolean;
}

/** A validated trigger request, with the project's storage root already resolved. */
export interface TPipelineTriggerRequest extends Omit<TPipelineTriggerRequestInput, 'projectRoot'> {
  projectSlug: string;
  projectId: string;
  /** Absolute: always the project's resolved `storage.local.project_root`. */
  projectRoot: string;
}

import { validationError, ZTriggerRunBodySchema, type TRunActionBody, type TTriggerRunBody } from '@kroma/contract';
import type { TPipelineTriggerRequest } from '@kroma/pipeline';

/** What a run row keeps of its trigger, in the wire names, so replay and remix can send it again. */
export function storedTriggerOf(request: TPipelineTriggerRequest): Record<string, unknown> {
  const stored: Record<string, unknown> = { mode: request.mode };
  if (request.input !== undefined) stored.input = request.input;
  if (request.sceneRefs !== undefined) stored.scene_refs = request.sceneRefs;
  if (request.styleRefs !== undefined) stored.style_refs = request.styleRefs;
  if (request.stage !== undefined) stored.stage = request.stage;
  if (request.time !== undefined) stored.time = request.time;
  if (request.weather !== undefined) stored.weather = request.weather;
  if (request.candidates !== undefined) stored.candidates = request.candidates;
  stored.storage_sync_s3 = request.storageSyncS3;
  return stored;
}

/** The stored fields a trigger body can carry (anything else in the stored JSON is ignored). */
const REPLAYED_FIELDS = ['mode', 'input', 'scene_refs', 'style_refs', 'stage', 'time', 'weather', 'candidates', 'storage_sync_s3'] as const;

function replayedFields(stored: Record<string, unknown>): TTriggerRunBody {
  const body: Record<string, unknown> = {};
  for (const field of REPLAYED_FIELDS) if (stored[field] !== undefined && stored[field] !== null) body[field] = stored[field];
  const parsed = ZTriggerRunBodySchema.safeParse(body);
  if (!parsed.success) throw validationError('Run has unreadable recorded trigger parameters; use remix with explicit parameters');
  return parsed.data;
}

/** Replay: the stored trigger again; spending is confirmed (and waiting asked for) anew by this request. */
export function replayBody(stored: Record<string, unknown>, action: TRunActionBody): TTriggerRunBody {
  return { ...replayedFields(stored), confirm_spend: action.confirm_spend, wait: action.wait };
}

/**
 * Remix: the stored trigger (or nothing) overlaid with every non-null field of the request. `input` and
 * `scene_refs` are alternatives, so overriding one drops the other.
 */
export function remixBody(stored: Record<string, unknown> | null, overrides: TTriggerRunBody): TTriggerRunBody {
  const body: Record<string, unknown> = { ...replayedFields(stored ?? {}) };
  if (overrides.input !== undefined && overrides.input !== null) delete body.scene_refs;
  if (overrides.scene_refs !== undefined && overrides.scene_refs !== null) delete body.input;
  for (const [field, value] of Object.entries(overrides)) if (value !== undefined && value !== null) body[field] = value;
  return body as TTriggerRunBody;
}

import { validationError, type TTriggerRunBody } from '@kroma/contract';
import {
  MAX_TRIGGER_CANDIDATES,
  MIN_TRIGGER_CANDIDATES,
  TRIGGER_MODES,
  TRIGGER_STAGES,
  TRIGGER_TIMES,
  TRIGGER_WEATHERS,
  type TPipelineTriggerRequestInput,
  type TTriggerStage,
} from './request.js';

/** Trimmed, non-blank text or `undefined`: blank means absent for every trigger text field. */
function presentText(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/** The original compares case-insensitively in ASCII only. */
const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

function oneOf<T extends string>(value: string | null | undefined, allowed: readonly T[], field: string): T | undefined {
  const text = presentText(value);
  if (text === undefined) return undefined;
  const lowered = asciiLower(text);
  const match = allowed.find((option) => option === lowered);
  if (match === undefined) throw validationError(`Field '${field}' must be one of: ${allowed.join(', ')}`);
  return match;
}

/** A sent list must be non-empty and hold no blank entries; entries are trimmed. */
function refList(values: string[] | null | undefined, field: string): string[] | undefined {
  if (values === null || values === undefined) return undefined;
  if (values.length === 0) throw validationError(`Field '${field}' must not be empty`);
  return values.map((value) => {
    const text = value.trim();
    if (text === '') throw validationError(`Field '${field}' must not contain empty values`);
    return text;
  });
}

function checkStageCoupling(stage: TTriggerStage | undefined, hasTime: boolean, hasWeather: boolean): void {
  if (hasTime && stage !== 'time' && stage !== 'weather') {
    throw validationError("Field 'time' requires stage 'time' or 'weather'");
  }
  if (hasWeather && stage !== 'weather') throw validationError("Field 'weather' requires stage 'weather'");
}

/**
 * Validates a trigger body in the original's order (every check runs before the project lookup):
 * mode → scene_refs → input/scene_refs exclusivity → style_refs → stage → time → weather → candidates →
 * time/weather stage coupling → spend confirmation. Throws a 400 KromaError with the original's message.
 */
export function parseTriggerRequest(body: TTriggerRunBody): TPipelineTriggerRequestInput {
  const mode = oneOf(body.mode, TRIGGER_MODES, 'mode') ?? 'dry';
  const sceneRefs = refList(body.scene_refs, 'scene_refs');
  const input = presentText(body.input);
  if (input !== undefined && sceneRefs !== undefined) throw validationError('Provide only one of: input, scene_refs');
  if (input === undefined && sceneRefs === undefined) throw validationError('Provide one of: input, scene_refs');
  const styleRefs = refList(body.style_refs, 'style_refs');
  const stage = oneOf(body.stage, TRIGGER_STAGES, 'stage');
  const time = oneOf(body.time, TRIGGER_TIMES, 'time');
  const weather = oneOf(body.weather, TRIGGER_WEATHERS, 'weather');
  const candidates = body.candidates ?? undefined;
  if (candidates !== undefined && (candidates < MIN_TRIGGER_CANDIDATES || candidates > MAX_TRIGGER_CANDIDATES)) {
    throw validationError(`Field 'candidates' must be between ${MIN_TRIGGER_CANDIDATES} and ${MAX_TRIGGER_CANDIDATES}`);
  }
  checkStageCoupling(stage, time !== undefined, weather !== undefined);
  if (mode === 'run' && body.confirm_spend !== true) {
    throw validationError('Run mode requires explicit spend confirmation');
  }

  const request: TPipelineTriggerRequestInput = {
    mode,
    confirmSpend: mode === 'run',
    storageSyncS3: body.storage_sync_s3 === true,
  };
  const projectRoot = presentText(body.project_root);
  if (projectRoot !== undefined) request.projectRoot = projectRoot;
  if (input !== undefined) request.input = input;
  if (sceneRefs !== undefined) request.sceneRefs = sceneRefs;
  if (styleRefs !== undefined) request.styleRefs = styleRefs;
  if (stage !== undefined) request.stage = stage;
  if (time !== undefined) request.time = time;
  if (weather !== undefined) request.weather = weather;
  if (candidates !== undefined) request.candidates = candidates;
  return request;
}

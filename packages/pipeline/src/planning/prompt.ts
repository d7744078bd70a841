import { NO_INVENTION_SENTENCE, validationError } from '@kroma/contract';

export const STAGES = ['style', 'time', 'weather'] as const;
export const TIMES_OF_DAY = ['day', 'night'] as const;
export const WEATHERS = ['clear', 'rain'] as const;
export type TStage = (typeof STAGES)[number];
export type TTimeOfDay = (typeof TIMES_OF_DAY)[number];
export type TWeather = (typeof WEATHERS)[number];

export interface TStageSelection {
  stage: TStage;
  time: TTimeOfDay;
  weather: TWeather;
}

/** A prompt fragment, trimmed; missing or whitespace-only is an error naming its key (the RS rule). */
function fragment(prompts: Readonly<Record<string, string>>, key: string): string {
  const value = prompts[key]?.trim() ?? '';
  if (value === '') throw validationError(`prompts.${key} is missing or empty (needed for this stage)`);
  return value;
}

/**
 * The stage chunks of §2.2, in order: `style_base`, then `time_<time>` for stage time/weather, then
 * `weather_<weather>` for stage weather. Stage `style` ignores time and weather.
 */
export function stagePromptChunks(prompts: Readonly<Record<string, string>>, selection: TStageSelection): string[] {
  const chunks = [fragment(prompts, 'style_base')];
  if (selection.stage !== 'style') chunks.push(fragment(prompts, `time_${selection.time}`));
  if (selection.stage === 'weather') chunks.push(fragment(prompts, `weather_${selection.weather}`));
  return chunks;
}

/**
 * A job's prompt: the head (stage chunks joined by one space, or a jobs-file prompt), then one line per character,
 * then the no-invention sentence. Without characters this is the original's space-joined prompt exactly; with
 * them, each character line and the closing sentence start a new line.
 */
export function assemblePrompt(head: string, characterLines: readonly string[], noInvention: boolean): string {
  const tail = noInvention ? [NO_INVENTION_SENTENCE] : [];
  if (characterLines.length === 0) return [head, ...tail].join(' ');
  return [head, ...characterLines, ...tail].join('\n');
}

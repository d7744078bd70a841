import { DEFAULT_MANIFEST_PROMPTS, NO_INVENTION_SENTENCE } from '@kroma/contract';
import { describe, expect, it } from 'vitest';
import { assemblePrompt, characterPromptLine, selectCharacters, stagePromptChunks, type TCharacterCard } from '../src/index.js';
import { rejection } from './config-fixtures.js';

const prompts = { style_base: 'BASE', time_day: 'DAY', time_night: ' NIGHT ', weather_clear: 'CLEAR', weather_rain: 'RAIN', other: 'unused' };

describe('stagePromptChunks', () => {
  it('style: style_base only, whatever time and weather say', () => {
    expect(stagePromptChunks(prompts, { stage: 'style', time: 'night', weather: 'rain' })).toEqual(['BASE']);
  });

  it('time: style_base then time_<time>, trimmed', () => {
    expect(stagePromptChunks(prompts, { stage: 'time', time: 'night', weather: 'rain' })).toEqual(['BASE', 'NIGHT']);
  });

  it('weather: style_base, time_<time>, weather_<weather>', () => {
    expect(stagePromptChunks(prompts, { stage: 'weather', time: 'day', weather: 'rain' })).toEqual(['BASE', 'DAY', 'RAIN']);
  });

  it('uses the default manifest fragments', () => {
    expect(stagePromptChunks(DEFAULT_MANIFEST_PROMPTS, { stage: 'weather', time: 'night', weather: 'clear' })).toEqual([
      DEFAULT_MANIFEST_PROMPTS.style_base,
      DEFAULT_MANIFEST_PROMPTS.time_night,
      DEFAULT_MANIFEST_PROMPTS.weather_clear,
    ]);
  });

  it('names a missing or blank key', async () => {
    const { time_night: _night, ...noNight } = prompts;
    expect(await rejection(Promise.resolve().then(() => stagePromptChunks(noNight, { stage: 'time', time: 'night', weather: 'clear' })))).toBe(
      'prompts.time_night is missing or empty (needed for this stage)',
    );
    expect(() => stagePromptChunks({ ...prompts, weather_rain: '   ' }, { stage: 'weather', time: 'day', weather: 'rain' })).toThrow(
      'prompts.weather_rain is missing or empty (needed for this stage)',
    );
    expect(() => stagePromptChunks({}, { stage: 'style', time: 'day', weather: 'clear' })).toThrow(
      'prompts.style_base is missing or empty (needed for this stage)',
    );
  });
});

const mara: TCharacterCard = { name: 'Mara', description: ' Tall detective, grey coat. ', prompt_text: 'Scar over left eye.', reference_images: [] };
const vik: TCharacterCard = { name: 'Vik', description: 'Short informant.', prompt_text: '', reference_images: [] };

describe('characters in the prompt', () => {
  it('keeps the original space-joined prompt when no character is named', () => {
    expect(assemblePrompt('BASE DAY', [], true)).toBe(`BASE DAY ${NO_INVENTION_SENTENCE}`);
    expect(assemblePrompt('BASE DAY', [], false)).toBe('BASE DAY');
  });

  it('adds one line per character, in the order named, before the no-invention sentence', () => {
    const lines = selectCharacters(['Vik', 'Mara', 'Vik'], [mara, vik]).map(characterPromptLine);
    expect(lines).toEqual(['Character Vik: Short informant.', 'Character Mara: Tall detective, grey coat. Scar over left eye.']);
    expect(assemblePrompt('BASE', lines, true)).toBe(
      `BASE\nCharacter Vik: Short informant.\nCharacter Mara: Tall detective, grey coat. Scar over left eye.\n${NO_INVENTION_SENTENCE}`,
    );
  });

  it('names an unknown character', () => {
    expect(() => selectCharacters(['Mara', 'Nobody'], [mara, vik])).toThrow('unknown character "Nobody" (known characters: Mara, Vik)');
    expect(() => selectCharacters(['X'], [])).toThrow('unknown character "X" (known characters: none)');
  });
});

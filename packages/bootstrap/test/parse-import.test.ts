import { describe, expect, it } from 'vitest';
import { IMPORT_MESSAGES, parseJsonFromText, parseMode, resolveSettingsInput } from '../src/index.js';

const expect400 = (run: () => unknown, message: string) => {
  expect(run).toThrow(expect.objectContaining({ kind: 'validation', status: 400, message }));
};

describe('parseJsonFromText', () => {
  it('takes the whole text when it is JSON', () => {
    expect(parseJsonFromText('{"a":1}')).toEqual({ a: 1 });
  });

  it('takes the inside of a Markdown fence, with or without a closing fence', () => {
    expect(parseJsonFromText('```json\n{"a":[1,2]}\n```')).toEqual({ a: [1, 2] });
    expect(parseJsonFromText('```\n[1, 2]')).toEqual([1, 2]);
  });

  it('falls back to the first { to the last }', () => {
    expect(parseJsonFromText('Sure! Here it is: {"a":{"b":2}} Hope that helps.')).toEqual({ a: { b: 2 } });
  });

  it('fails with the exact message when no candidate parses', () => {
    expect400(() => parseJsonFromText('no json here'), "Could not parse JSON from 'ai_response_text'");
    expect400(() => parseJsonFromText('} backwards {'), "Could not parse JSON from 'ai_response_text'");
  });
});

describe('resolveSettingsInput', () => {
  it('prefers settings over ai_response_text', () => {
    const resolved = resolveSettingsInput({ settings: { characters: [] }, ai_response_text: 'garbage' });
    expect(resolved).toEqual({ settings: { characters: [] }, wrapperMode: undefined });
  });

  it('needs settings or text; blank text is its own error', () => {
    expect400(() => resolveSettingsInput({}), "Provide either 'settings' or 'ai_response_text'");
    expect400(() => resolveSettingsInput({ settings: null, ai_response_text: null }), IMPORT_MESSAGES.missingInput);
    expect400(() => resolveSettingsInput({ ai_response_text: '  \n ' }), "Field 'ai_response_text' must not be empty");
  });

  it('reads a fenced {mode, settings} wrapper and keeps its mode', () => {
    const text = '```json\n{"mode":"replace","settings":{"style_guides":[{"name":"A","instructions":"B"}]}}\n```';
    const resolved = resolveSettingsInput({ ai_response_text: text });
    expect(resolved.wrapperMode).toBe('replace');
    expect(resolved.settings.style_guides).toEqual([{ name: 'A', instructions: 'B' }]);
  });

  it('reads a bare settings object', () => {
    const resolved = resolveSettingsInput({ ai_response_text: '{"characters":[{"name":"Hero"}],"unknown":1}' });
    expect(resolved).toEqual({ settings: { characters: [{ name: 'Hero' }] }, wrapperMode: undefined });
  });

  it('ignores an ill-typed wrapper and reads the value as bare settings (which then has no sections)', () => {
    const resolved = resolveSettingsInput({ ai_response_text: '{"mode":5,"settings":{"characters":[]}}' });
    expect(resolved).toEqual({ settings: {}, wrapperMode: undefined });
  });

  it('rejects JSON that is not a settings object', () => {
    expect400(
      () => resolveSettingsInput({ ai_response_text: '[1,2]' }),
      "Could not parse bootstrap JSON from 'ai_response_text'",
    );
    expect400(() => resolveSettingsInput({ ai_response_text: '"text"' }), IMPORT_MESSAGES.unreadableSettings);
    expect400(
      () => resolveSettingsInput({ ai_response_text: '{"style_guides":"x"}' }),
      IMPORT_MESSAGES.unreadableSettings,
    );
  });
});

describe('parseMode', () => {
  it('defaults to merge and accepts trimmed, case-insensitive values', () => {
    expect(parseMode(undefined)).toBe('merge');
    expect(parseMode(null)).toBe('merge');
    expect(parseMode(' Replace ')).toBe('replace');
    expect(parseMode('MERGE')).toBe('merge');
  });

  it('rejects anything else, including ""', () => {
    expect400(() => parseMode(''), "Field 'mode' must be one of: merge, replace");
    expect400(() => parseMode('upsert'), "Field 'mode' must be one of: merge, replace");
  });
});

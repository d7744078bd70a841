import { describe, expect, it } from 'vitest';
import { parseDotEnv } from '../src/dotenv.js';

describe('parseDotEnv', () => {
  it('reads KEY=VALUE lines, skipping comments and blanks, removing one quote pair and an export prefix', () => {
    const text = ['# comment', '', 'A=1', 'export B="two words"', "C='x'", 'D="unterminated', 'E=a=b', 'not a line', '1BAD=x'].join('\n');
    expect(parseDotEnv(text)).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', 'x'],
      ['D', '"unterminated'],
      ['E', 'a=b'],
    ]);
  });
});

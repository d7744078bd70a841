import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppRootEnv } from '../src/index.js';

describe('loadAppRootEnv', () => {
  it('reads KEY=VALUE lines (comments, quotes, export prefix) without overriding what is set', () => {
    const root = mkdtempSync(join(tmpdir(), 'kroma-env-'));
    writeFileSync(join(root, '.env'), ['# comment', '', 'A=1', 'export B="two words"', "C='x'", 'D=from-file', 'E=a=b'].join('\n'));
    const env: NodeJS.ProcessEnv = { D: '' };
    expect(loadAppRootEnv(root, env).sort()).toEqual(['A', 'B', 'C', 'E']);
    expect(env).toEqual({ A: '1', B: 'two words', C: 'x', D: '', E: 'a=b' });
  });

  it('sets nothing when there is no .env', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadAppRootEnv(mkdtempSync(join(tmpdir(), 'kroma-env-')), env)).toEqual([]);
    expect(env).toEqual({});
  });
});

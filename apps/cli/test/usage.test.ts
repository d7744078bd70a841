import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kroma, makeTempApp, type TTempApp } from './helpers.js';

describe('kroma usage errors and help', () => {
  let app: TTempApp;
  beforeEach(() => {
    app = makeTempApp();
  });
  afterEach(() => app.remove());

  const cases: Array<[string, string[], string]> = [
    ['an unknown verb', ['paint'], "unknown command 'paint'"],
    ['a value outside the choices', ['dry', '--project', 'p', '--project-root', 'proj', '--stage', 'dusk'], "option '--stage <stage>' argument 'dusk' is invalid"],
    ['a non-integer count', ['dry', '--project', 'p', '--project-root', 'proj', '--candidates', '0'], 'expected an integer >= 1'],
    ['a bad boolean', ['qa', '--project', 'p', '--project-root', 'proj', '--enforce-grayscale', 'maybe'], 'expected true/false'],
    ['both scene sources', ['dry', '--project', 'p', '--project-root', 'proj', '--input', 'a', '--scene-refs', 'b'], 'not both'],
    ['a missing --project', ['dry', '--project-root', 'proj'], 'missing --project <slug>'],
    ['no verb (= dry) without a project', [], 'missing --project <slug>'],
    ['a missing required option', ['archive-bad', '--project', 'p', '--project-root', 'proj'], "required option '--input <path>' not specified"],
  ];

  it.each(cases)('exits 2 on %s', async (_name, argv, message) => {
    const result = await kroma(app, argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it.each(['validate-config', 'dry', 'run', 'generate-one', 'upscale', 'color', 'bgremove', 'qa', 'archive-bad', 'serve'])('prints help for %s and exits 0', async (verb) => {
    const result = await kroma(app, [verb, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: kroma ${verb}`);
  });

  it('lists every verb in the top-level help', async () => {
    const result = await kroma(app, ['--help']);
    expect(result.code).toBe(0);
    for (const verb of ['validate-config', 'dry', 'run', 'generate-one', 'upscale', 'color', 'bgremove', 'qa', 'archive-bad', 'serve']) expect(result.stdout).toContain(verb);
  });
});

import { isKromaError, type TTriggerRunBody } from '@kroma/contract';
import { describe, expect, it } from 'vitest';
import { bindTriggerToProject, parseTriggerRequest, PROJECT_ROOT_MANAGED } from '../src/index.js';

const SCENE = { scene_refs: ['a.png'] };

/** The 400 message a body is rejected with (fails the test when it is accepted). */
function rejection(body: TTriggerRunBody): string {
  try {
    parseTriggerRequest(body);
  } catch (error) {
    if (!isKromaError(error)) throw error;
    expect(error.status).toBe(400);
    return error.message;
  }
  throw new Error(`accepted: ${JSON.stringify(body)}`);
}

describe('parseTriggerRequest', () => {
  it('defaults to a dry run with typed, trimmed fields', () => {
    expect(parseTriggerRequest({ scene_refs: [' a.png ', 'b.png'] })).toEqual({
      mode: 'dry',
      confirmSpend: false,
      storageSyncS3: false,
      sceneRefs: ['a.png', 'b.png'],
    });
    const full = parseTriggerRequest({
      mode: ' RUN ',
      confirm_spend: true,
      project_root: '  var/projects/x  ',
      input: ' scenes/ ',
      style_refs: [' s1.png '],
      stage: ' Weather ',
      time: 'NIGHT',
      weather: 'Rain',
      candidates: 6,
      storage_sync_s3: true,
    });
    expect(full).toEqual({
      mode: 'run',
      confirmSpend: true,
      projectRoot: 'var/projects/x',
      input: 'scenes/',
      styleRefs: ['s1.png'],
      stage: 'weather',
      time: 'night',
      weather: 'rain',
      candidates: 6,
      storageSyncS3: true,
    });
  });

  it('treats null and blank text as absent', () => {
    const parsed = parseTriggerRequest({
      mode: '  ',
      input: null,
      scene_refs: ['a'],
      style_refs: null,
      stage: '',
      time: ' ',
      weather: null,
      candidates: null,
      project_root: '   ',
      confirm_spend: null,
      storage_sync_s3: null,
    });
    expect(parsed).toEqual({ mode: 'dry', confirmSpend: false, storageSyncS3: false, sceneRefs: ['a'] });
    expect(Object.keys(parsed).sort()).toEqual(['confirmSpend', 'mode', 'sceneRefs', 'storageSyncS3']);
  });

  it('never confirms spend for a dry run', () => {
    expect(parseTriggerRequest({ ...SCENE, confirm_spend: true }).confirmSpend).toBe(false);
  });

  it('answers each rule with its exact message', () => {
    expect(rejection({ mode: 'fast', ...SCENE })).toBe("Field 'mode' must be one of: dry, run");
    expect(rejection({ scene_refs: [] })).toBe("Field 'scene_refs' must not be empty");
    expect(rejection({ scene_refs: ['a.png', ' '] })).toBe("Field 'scene_refs' must not contain empty values");
    expect(rejection({ input: 'dir', ...SCENE })).toBe('Provide only one of: input, scene_refs');
    expect(rejection({})).toBe('Provide one of: input, scene_refs');
    expect(rejection({ input: '  ' })).toBe('Provide one of: input, scene_refs');
    expect(rejection({ ...SCENE, style_refs: [] })).toBe("Field 'style_refs' must not be empty");
    expect(rejection({ ...SCENE, style_refs: [''] })).toBe("Field 'style_refs' must not contain empty values");
    expect(rejection({ ...SCENE, stage: 'color' })).toBe("Field 'stage' must be one of: style, time, weather");
    expect(rejection({ ...SCENE, stage: 'time', time: 'dusk' })).toBe("Field 'time' must be one of: day, night");
    expect(rejection({ ...SCENE, stage: 'weather', weather: 'snow' })).toBe("Field 'weather' must be one of: clear, rain");
    expect(rejection({ ...SCENE, candidates: 0 })).toBe("Field 'candidates' must be between 1 and 6");
    expect(rejection({ ...SCENE, candidates: 7 })).toBe("Field 'candidates' must be between 1 and 6");
    expect(rejection({ ...SCENE, time: 'night' })).toBe("Field 'time' requires stage 'time' or 'weather'");
    expect(rejection({ ...SCENE, stage: 'style', time: 'day' })).toBe("Field 'time' requires stage 'time' or 'weather'");
    expect(rejection({ ...SCENE, stage: 'time', weather: 'rain' })).toBe("Field 'weather' requires stage 'weather'");
    expect(rejection({ ...SCENE, mode: 'run' })).toBe('Run mode requires explicit spend confirmation');
    expect(rejection({ ...SCENE, mode: 'run', confirm_spend: false })).toBe('Run mode requires explicit spend confirmation');
  });

  it('accepts the coupling edges and the candidate bounds', () => {
    expect(parseTriggerRequest({ ...SCENE, stage: 'time', time: 'day' }).time).toBe('day');
    expect(parseTriggerRequest({ ...SCENE, stage: 'weather', time: 'day', weather: 'clear' }).weather).toBe('clear');
    expect(parseTriggerRequest({ ...SCENE, candidates: 1 }).candidates).toBe(1);
  });

  it('checks in the original order', () => {
    // Each body breaks two rules; the earlier rule must win.
    expect(rejection({ mode: 'fast', scene_refs: [] })).toBe("Field 'mode' must be one of: dry, run");
    expect(rejection({ scene_refs: [], input: 'x' })).toBe("Field 'scene_refs' must not be empty");
    expect(rejection({ style_refs: [] })).toBe('Provide one of: input, scene_refs');
    expect(rejection({ ...SCENE, style_refs: [], stage: 'bad' })).toBe("Field 'style_refs' must not be empty");
    expect(rejection({ ...SCENE, stage: 'bad', time: 'bad' })).toBe("Field 'stage' must be one of: style, time, weather");
    expect(rejection({ ...SCENE, time: 'bad', weather: 'bad' })).toBe("Field 'time' must be one of: day, night");
    expect(rejection({ ...SCENE, weather: 'bad', candidates: 9 })).toBe("Field 'weather' must be one of: clear, rain");
    expect(rejection({ ...SCENE, candidates: 9, time: 'day' })).toBe("Field 'candidates' must be between 1 and 6");
    expect(rejection({ ...SCENE, time: 'day', weather: 'rain' })).toBe("Field 'time' requires stage 'time' or 'weather'");
    expect(rejection({ ...SCENE, weather: 'rain', mode: 'run' })).toBe("Field 'weather' requires stage 'weather'");
  });

  it('lower-cases ASCII only', () => {
    // U+212A KELVIN SIGN lower-cases to "k" in Unicode; the original compared in ASCII only.
    expect(rejection({ ...SCENE, stage: 'weather', weather: 'clear\u212A' })).toBe("Field 'weather' must be one of: clear, rain");
  });
});

describe('bindTriggerToProject', () => {
  const target = { projectSlug: 'alpha', projectId: 'p-1', projectRoot: '/srv/app/var/projects/alpha' };

  it('injects the storage root when project_root is absent', () => {
    const bound = bindTriggerToProject(parseTriggerRequest(SCENE), target, '/srv/app');
    expect(bound).toEqual({
      mode: 'dry',
      confirmSpend: false,
      storageSyncS3: false,
      sceneRefs: ['a.png'],
      projectSlug: 'alpha',
      projectId: 'p-1',
      projectRoot: '/srv/app/var/projects/alpha',
    });
  });

  it('accepts the storage root, absolute or relative to the app root', () => {
    for (const sent of ['/srv/app/var/projects/alpha', 'var/projects/alpha', './var/projects/alpha/', '/srv/app/var/x/../projects/alpha']) {
      const bound = bindTriggerToProject(parseTriggerRequest({ ...SCENE, project_root: sent }), target, '/srv/app');
      expect(bound.projectRoot).toBe('/srv/app/var/projects/alpha');
    }
  });

  it('rejects any other directory', () => {
    for (const sent of ['/tmp', 'var/projects/beta', '../app/var/projects/alpha/..']) {
      expect(() => bindTriggerToProject(parseTriggerRequest({ ...SCENE, project_root: sent }), target, '/srv/app')).toThrow(
        PROJECT_ROOT_MANAGED,
      );
    }
  });
});

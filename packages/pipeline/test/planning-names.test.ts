import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildPassOutputPath,
  candidateFileName,
  fileStamp,
  planCandidatePaths,
  projectLayout,
  runLogPath,
  sanitizeId,
} from '../src/index.js';

describe('sanitizeId (the JS rule)', () => {
  it.each([
    ['Scene 01.png', 'scene_01'],
    ['v1.2', 'v1'],
    ['a__b', 'a__b'],
    ['  Hero!!Shot  ', 'hero_shot'],
    ['__x__', 'x'],
    ['Ünïcode', 'n_code'],
    ['panel.v2', 'panel'],
    ['.hidden', ''],
  ])('%s → %s', (raw, id) => {
    expect(sanitizeId(raw)).toBe(id);
  });
});

describe('buildPassOutputPath', () => {
  it('names the output after the previous file, suffix after an underscore', () => {
    expect(buildPassOutputPath('up', 'outputs/Job 1.png', 'x2', 'png')).toBe(join('up', 'job_1_x2.png'));
  });

  it('adds the underscore even when the suffix sanitises away, and calls an empty stem "image"', () => {
    expect(buildPassOutputPath('d', 'A.png', '!!!', 'png')).toBe(join('d', 'a_.png'));
    expect(buildPassOutputPath('d', '!!!.png', 'nobg', '.WEBP')).toBe(join('d', 'image_nobg.webp'));
    expect(buildPassOutputPath('d', 'a.png', '', 'jpg')).toBe(join('d', 'a.jpg'));
  });

  it('keeps a dotted stem part instead of dropping it, so job.v2 and job.v3 stay apart', () => {
    expect(buildPassOutputPath('d', 'job.v2.png', 'nobg', 'png')).toBe(join('d', 'job_v2_nobg.png'));
    expect(buildPassOutputPath('d', 'job.v3.png', 'nobg', 'png')).toBe(join('d', 'job_v3_nobg.png'));
  });
});

describe('candidate file names', () => {
  it('uses <job>.png for one candidate and <job>__c<k>.png for several', () => {
    expect(candidateFileName('style_1_scene_01', 1, 1)).toBe('style_1_scene_01.png');
    expect(candidateFileName('style_1_scene_01', 2, 3)).toBe('style_1_scene_01__c2.png');
    expect(() => candidateFileName('j', 4, 3)).toThrow('candidate index 4 is outside 1..3');
    expect(() => candidateFileName('j', 0, 3)).toThrow('candidate index 0 is outside 1..3');
  });

  it('derives every pass name from the previous one (the §3.3 example)', () => {
    const layout = projectLayout('/p');
    const paths = planCandidatePaths(layout, 'style_1_scene_01', 2, 3, {
      bgRemove: { format: 'webp' },
      upscale: { scale: 4, format: 'png' },
      color: { profile: 'cinematic-v2' },
    });
    expect(paths).toEqual({
      generated: '/p/outputs/style_1_scene_01__c2.png',
      bgRemove: '/p/background_removed/style_1_scene_01__c2_nobg.webp',
      upscale: '/p/upscaled/style_1_scene_01__c2_nobg_x4.png',
      color: '/p/color_corrected/style_1_scene_01__c2_nobg_x4_cinematic-v2.png',
      final: '/p/color_corrected/style_1_scene_01__c2_nobg_x4_cinematic-v2.png',
    });
  });

  it('skips disabled passes and writes colour as .png whatever came before', () => {
    const paths = planCandidatePaths(projectLayout('/p'), 'time_1_a', 1, 1, { upscale: { scale: 2, format: 'jpg' }, color: { profile: 'neutral' } });
    expect(paths).toEqual({
      generated: '/p/outputs/time_1_a.png',
      upscale: '/p/upscaled/time_1_a_x2.jpg',
      color: '/p/color_corrected/time_1_a_x2_neutral.png',
      final: '/p/color_corrected/time_1_a_x2_neutral.png',
    });
    expect(planCandidatePaths(projectLayout('/p'), 'j', 1, 1, {}).final).toBe('/p/outputs/j.png');
  });
});

describe('project layout and run log name', () => {
  it('lists the folders of §3.4', () => {
    expect(projectLayout('/root')).toEqual({
      root: '/root',
      outputs: '/root/outputs',
      runs: '/root/runs',
      backgroundRemoved: '/root/background_removed',
      upscaled: '/root/upscaled',
      colorCorrected: '/root/color_corrected',
      archiveBad: '/root/archive/bad',
      archiveReplaced: '/root/archive/replaced',
      settingsFile: '/root/.kroma/pipeline.settings.json',
    });
  });

  it('stamps the run log from ISO-8601 UTC', () => {
    const at = new Date('2026-02-25T01:20:56.123Z');
    expect(fileStamp(at)).toBe('2026-02-25T01-20-56-123Z');
    expect(runLogPath('/root', at)).toBe('/root/runs/run_2026-02-25T01-20-56-123Z.json');
  });
});

import { describe, expect, it } from 'vitest';
import { expandManifestJobs, jobsFromFile, parseJobsFile } from '../src/index.js';
import { rejection } from './config-fixtures.js';

const jobsFileError = (value: unknown) => rejection(Promise.resolve().then(() => parseJobsFile(value)));

describe('expandManifestJobs', () => {
  it('makes <stage>_<i>_<stem> ids, scene first then style refs', () => {
    const jobs = expandManifestJobs({
      scenes: ['/s/Scene 01.png', '/s/!!!.png', '/s/panel.v2.webp'],
      styleRefs: ['/r/a.png', '/r/b.png'],
      selection: { stage: 'time', time: 'night', weather: 'rain' },
      promptHead: 'HEAD',
      noInvention: true,
      characters: ['Mara'],
    });
    expect(jobs.map((job) => job.id)).toEqual(['time_1_scene_01', 'time_2_2', 'time_3_panel']);
    expect(jobs[0]).toEqual({
      id: 'time_1_scene_01',
      mode: 'time',
      time: 'night',
      weather: 'rain',
      inputImages: ['/s/Scene 01.png', '/r/a.png', '/r/b.png'],
      promptHead: 'HEAD',
      noInvention: true,
      characters: ['Mara'],
    });
  });
});

describe('parseJobsFile', () => {
  it('fills mode, time and weather defaults and keeps ids verbatim', () => {
    const entries = parseJobsFile([{ id: 'My_Job.v2', prompt: 'draw', input_images: ['a.png'], characters: ['Mara'] }]);
    expect(entries).toEqual([
      { id: 'My_Job.v2', prompt: 'draw', input_images: ['a.png'], mode: 'style', time: 'day', weather: 'clear', characters: ['Mara'] },
    ]);
    expect(jobsFromFile(entries, ['Vik'])[0]).toMatchObject({ id: 'My_Job.v2', inputImages: ['a.png'], noInvention: false, characters: ['Mara'] });
    expect(jobsFromFile(parseJobsFile([{ id: 'b', prompt: 'p', input_images: ['x.png'] }]), ['Vik'])[0]?.characters).toEqual(['Vik']);
  });

  it('names the entry and field at fault', async () => {
    expect(await jobsFileError({ id: 'a' })).toBe('jobs file: root must be a JSON array of jobs');
    expect(await jobsFileError(['x'])).toBe('jobs file: [0] must be an object');
    expect(await jobsFileError([{ id: ' ', prompt: 'p', input_images: ['a.png'] }])).toBe('jobs file: [0].id must be a non-empty string');
    expect(await jobsFileError([{ id: 'a', input_images: ['a.png'] }])).toBe('jobs file: [0].prompt must be a non-empty string');
    expect(await jobsFileError([{ id: 'a', prompt: 'p', input_images: [] }])).toBe('jobs file: [0].input_images must list at least one image');
    expect(await jobsFileError([{ id: 'a', prompt: 'p', input_images: ['a.png', 3] }])).toBe(
      'jobs file: [0].input_images[1] must be a non-empty string',
    );
    expect(await jobsFileError([{ id: 'a', prompt: 'p', input_images: ['a.png'], mode: 'dusk' }])).toBe(
      'jobs file: [0].mode must be one of: style, time, weather',
    );
  });

  it('refuses ids that could leave the outputs folder, and repeated ids', async () => {
    expect(await jobsFileError([{ id: '../evil', prompt: 'p', input_images: ['a.png'] }])).toBe(
      'jobs file: [0].id may contain only letters, digits, _, - and inner dots',
    );
    const job = { prompt: 'p', input_images: ['a.png'] };
    expect(await jobsFileError([{ id: 'a', ...job }, { id: 'b', ...job }, { id: 'a', ...job }])).toBe('jobs file: [2].id repeats id a');
  });
});

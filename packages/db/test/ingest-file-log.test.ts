import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestRunLog, upsertProject, validateRunLog, type KromaStore } from '../src/index.js';
import { objectArrayRangesOf } from '../src/repos/ingest/json-array-ranges.js';
import { runJob, runLog, tempStore } from './support/run-logs.js';

let env: Awaited<ReturnType<typeof tempStore>>;
let store: KromaStore;

beforeEach(async () => {
  env = await tempStore('ingest-file');
  store = env.store;
  await upsertProject(store, { userId: null }, { name: 'Files' });
});
afterEach(() => env.close());

function writeLog(name: string, text: string): string {
  mkdirSync(join(env.root, 'runs'), { recursive: true });
  writeFileSync(join(env.root, 'runs', name), text);
  return `runs/${name}`;
}

async function storedJobs(runId: string) {
  const jobs = await store.db.selectFrom('run_jobs').select(['job_key', 'prompt_text', 'meta_json']).where('run_id', '=', runId).orderBy('seq').execute();
  return jobs.map((job) => ({ ...job, meta_json: JSON.parse(job.meta_json ?? '') as unknown }));
}

const rejection = (text: string) => {
  try {
    validateRunLog(JSON.parse(text));
  } catch (error) {
    return { kind: 'validation', message: (error as Error).message };
  }
  throw new Error('expected an invalid log');
};

describe('ingest of a run log file, job by job', () => {
  it('reads pretty-printed files with tricky strings exactly like the same log given inline', async () => {
    const tricky = { ...runJob('j2'), prompt: 'brackets ] } [ { and "quotes" \\ and ünïcödé 🎨', extra: { nested: [[{}], []] } };
    const { jobs: _none, ...runLevel } = runLog('files', []);
    const log = { jobs: [runJob('j1'), tricky, runJob('j3', 'planned', 0)], ...runLevel, note: 'jobs come first here' };
    const fromFile = await ingestRunLog(store, { runLogPath: writeLog('pretty.json', JSON.stringify(log, null, 2)) });
    const inline = await ingestRunLog(store, { runLogPath: 'runs/inline.json', log });
    expect(fromFile).toMatchObject({ jobs: 3, candidates: 5, status: 'ok', run_log_path: 'runs/pretty.json' });
    expect({ ...fromFile, run_id: '', run_log_path: '' }).toEqual({ ...inline, run_id: '', run_log_path: '' });
    const jobs = await storedJobs(fromFile.run_id);
    expect(jobs).toEqual(await storedJobs(inline.run_id));
    expect(jobs[1]).toMatchObject({ job_key: 'j2', prompt_text: tricky.prompt, meta_json: tricky });
  });

  it('reads a file whose shape the scanner leaves alone (repeated or escaped jobs key) as JSON.parse does', async () => {
    const text = `{"jobs": [], ${JSON.stringify(runLog('files', [runJob('j1')])).slice(1)}`;
    expect((await ingestRunLog(store, { runLogPath: writeLog('twice.json', text) })).jobs).toBe(1);
    const escaped = JSON.stringify(runLog('files', [runJob('j1'), runJob('j2')])).replace('"jobs"', '"job\\u0073"');
    expect((await ingestRunLog(store, { runLogPath: writeLog('escaped.json', escaped) })).jobs).toBe(2);
  });

  it('rejects bad JSON and bad fields with the messages of a whole-document check, writing nothing', async () => {
    const broken = JSON.stringify(runLog('files', [runJob('j1'), runJob('j2')])).replace('"id":"j2"', '"id":"j2",,');
    let parseError = '';
    try {
      JSON.parse(broken);
    } catch (error) {
      parseError = (error as Error).message;
    }
    await expect(ingestRunLog(store, { runLogPath: writeLog('broken.json', broken) })).rejects.toMatchObject({
      kind: 'validation', message: `Run log is not valid JSON: ${parseError}`,
    });
    const bad = runLog('files', [runJob('j1'), { ...runJob('j2'), status: 'exploded' }, { ...runJob('j3'), prompt: 7 }], {
      model: 5, progress: { status: 'done' },
    });
    const text = JSON.stringify(bad);
    await expect(ingestRunLog(store, { runLogPath: writeLog('bad.json', text) })).rejects.toMatchObject(rejection(text));
    expect(rejection(text).message).toMatch(/^Run log is invalid: model: .*; jobs\.1\.status: .*; jobs\.2\.prompt: .*; progress\.stage: /);
    await expect(ingestRunLog(store, { runLogPath: 'runs/inline.json', log: bad })).rejects.toMatchObject(rejection(text));
    const jobOnly = JSON.stringify(runLog('files', [runJob('j1'), { ...runJob('j2'), candidates: [{ candidate_index: 0 }] }]));
    await expect(ingestRunLog(store, { runLogPath: writeLog('job.json', jobOnly) })).rejects.toMatchObject(rejection(jobOnly));
    expect(rejection(jobOnly).message).toMatch(/^Run log is invalid: jobs\.1\.candidates\.0\.candidate_index: /);
    expect(await store.db.selectFrom('runs').selectAll().execute()).toEqual([]);
  });
});

describe('objectArrayRangesOf', () => {
  const ranges = (text: string) => objectArrayRangesOf(Buffer.from(text), 'jobs');
  const pieces = (text: string) => {
    const found = ranges(text);
    const bytes = Buffer.from(text);
    return found?.elements.flatMap((start, index, all) => (index % 2 === 0 ? [bytes.toString('utf8', start, all[index + 1])] : []));
  };

  it('finds each object of the top-level array, whatever surrounds it', () => {
    expect(pieces('{"a":1,"jobs":[{"x":"}"},{"y":[1,{"z":"\\""}]}],"b":[2]}')).toEqual(['{"x":"}"}', '{"y":[1,{"z":"\\""}]}']);
    expect(pieces(' {\n "jobs" : [ ] ,"n":null} ')).toEqual([]);
    expect(pieces('{"é":"ü","jobs":[{"p":"ü🎨"}]}')).toEqual(['{"p":"ü🎨"}']);
    const text = '{"a":"[","jobs":[{}],"c":true}';
    const found = ranges(text);
    expect(found && text.slice(found.start, found.end)).toBe('[{}]');
  });

  it('declines anything else, which is then parsed whole', () => {
    for (const text of [
      '[]', '{}', '{"a":1}', '{"jobs":{}}', '{"jobs":[1]}', '{"jobs":[{},]}', '{"jobs":[{} {}]}', '{"jobs":[],"jobs":[]}',
      '{"job\\u0073":[]}', '{"jobs":[{"a":"x}]}', '{"jobs":[]} x', '{"jobs":[]', '\uFEFF{"jobs":[]}',
    ]) {
      expect(ranges(text)).toBeUndefined();
    }
  });
});

import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_POSTPROCESS_CONFIG,
  NO_INVENTION_SENTENCE,
  resolvePipelineManifest,
  ZRunLogSchema,
  type TPipelineManifestFile,
} from '@kroma/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planRun, type TCharacterCard, type TPlanRunInput } from '../src/index.js';
import { createSandbox, rejection, type TConfigSandbox } from './config-fixtures.js';
import { writeSolidPng } from './qa-fixtures.js';

let box: TConfigSandbox;
beforeEach(async () => {
  box = createSandbox();
  for (const file of ['scenes/02 Alley.png', 'scenes/01.png', 'styles/noir/s.png', 'chars/mara.png', 'chars/vik.png']) {
    await png(join(box.appRoot, file));
  }
});
afterEach(() => box.cleanup());

const png = (path: string): Promise<string> => writeSolidPng(path, { r: 120, g: 120, b: 120 });

const cards: TCharacterCard[] = [
  { name: 'Mara', description: 'Tall detective.', prompt_text: 'Grey coat.', reference_images: ['chars/mara.png'] },
  { name: 'Vik', description: 'Informant.', prompt_text: '', reference_images: ['styles/noir/s.png', 'chars/vik.png'] },
];
const at = new Date('2026-11-23T10:00:00.000Z');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function planInput(manifest: TPipelineManifestFile = {}, extra: Partial<TPlanRunInput> = {}): TPlanRunInput {
  return {
    appRoot: box.appRoot,
    projectRoot: box.projectRoot,
    project: 'noir',
    selection: { stage: 'time', time: 'night', weather: 'clear' },
    manifest: resolvePipelineManifest({
      style_refs: ['styles/noir/s.png'],
      policy: { allowed_style_roots: ['styles/noir'] },
      prompts: { style_base: 'BASE', time_night: 'NIGHT' },
      ...manifest,
    }),
    postprocessConfig: DEFAULT_POSTPROCESS_CONFIG,
    postprocess: { bgRemove: true, color: true },
    input: 'scenes',
    candidates: 2,
    characters: ['Vik', 'Mara'],
    characterCards: cards,
    now: at,
    runId: 'run-1',
    ...extra,
  };
}

describe('planRun', () => {
  it('plans every scene as a job with characters injected, and the log validates', async () => {
    const { log, estimate } = await planRun(planInput());
    expect(ZRunLogSchema.parse(log)).toEqual(log);
    const prompt = `BASE NIGHT\nCharacter Vik: Informant.\nCharacter Mara: Tall detective. Grey coat.\n${NO_INVENTION_SENTENCE}`;
    const postprocess = {
      upscale: false,
      upscale_backend: null,
      color: true,
      color_profile: 'neutral',
      bg_remove: true,
      bg_remove_backends: ['rembg'],
      bg_refine_openai: true,
      bg_refine_openai_required: true,
      pipeline_order: ['generate', 'bg_remove', 'bg_refine_openai', 'color'],
    };
    const guard = { enabled: true, enforce_grayscale: false, max_chroma_delta: 2, fail_on_chroma_exceed: false };
    expect(log.jobs.map((job) => job.id)).toEqual(['time_1_01', 'time_2_02_alley']);
    expect(log.jobs[0]).toEqual({
      id: 'time_1_01',
      mode: 'time',
      time: 'night',
      weather: 'clear',
      input_images: ['scenes/01.png', 'styles/noir/s.png', 'chars/vik.png', 'chars/mara.png'],
      prompt,
      status: 'planned',
      planned_generation: { candidates: 2 },
      planned_postprocess: postprocess,
      planned_output_guard: guard,
      characters: ['Vik', 'Mara'],
      prompt_sha256: sha256(prompt),
    });
    const { jobs: _jobs, ...run } = log;
    expect(run).toEqual({
      timestamp: '2026-11-23T10:00:00.000Z',
      project: 'noir',
      mode: 'dry',
      stage: 'time',
      time: 'night',
      weather: 'clear',
      model: 'gpt-image-1',
      size: '1024x1536',
      quality: 'high',
      generation: { candidates: 2, max_candidates: 6 },
      postprocess,
      output_guard: guard,
      storage: { project_root: box.projectRoot, resolved_from_backend: false },
      run_id: 'run-1',
      schema_version: 'kroma.runlog.v1',
      cost: { estimate_usd: 2.24, actual_usd: 0, cap_usd: null },
      cost_events: [],
      progress: {
        status: 'planned',
        stage: 'planned',
        jobs_total: 2,
        jobs_done: 0,
        candidates_total: 4,
        candidates_done: 0,
        updated_at: '2026-11-23T10:00:00.000Z',
      },
    });
    // 2 jobs × 2 candidates, each a generation and a refine call: 8 × (0.25 + 0.03).
    expect([estimate.generation_calls, estimate.refine_calls, estimate.total_usd]).toEqual([4, 4, 2.24]);
  });

  it('creates no project folders, even for a plan that succeeds', async () => {
    await planRun(planInput());
    expect(readdirSync(box.projectRoot)).toEqual([]);
  });

  it('reads jobs from a jobs file: images as listed, no style refs, entry characters replace the run list', async () => {
    await png(join(box.projectRoot, 'panel.png'));
    const jobsFile = [
      { id: 'p1', prompt: 'Draw it.', input_images: [join(box.projectRoot, 'panel.png')], characters: ['Mara'] },
      { id: 'p2', prompt: 'Again.', input_images: ['scenes/01.png'], mode: 'weather', weather: 'rain' },
    ];
    const { log } = await planRun(planInput({}, { input: undefined, jobsFile, characters: ['Vik'] }));
    expect(log.jobs.map((job) => [job.id, job.mode, job.weather, job.prompt, job.input_images])).toEqual([
      ['p1', 'style', 'clear', 'Draw it.\nCharacter Mara: Tall detective. Grey coat.', [join(box.projectRoot, 'panel.png'), 'chars/mara.png']],
      ['p2', 'weather', 'rain', 'Again.\nCharacter Vik: Informant.', ['scenes/01.png', 'styles/noir/s.png', 'chars/vik.png']],
    ]);
    expect(ZRunLogSchema.safeParse(log).success).toBe(true);
  });

  it('names a missing jobs-file image, an unknown character and a bad jobs file', async () => {
    const job = { id: 'p1', prompt: 'p', input_images: ['scenes/gone.png'] };
    expect(await rejection(planRun(planInput({}, { input: undefined, jobsFile: [job] })))).toBe('job p1 input image not found: scenes/gone.png');
    expect(await rejection(planRun(planInput({}, { characters: ['Mara', 'Zed'] })))).toBe(
      'unknown character "Zed" (known characters: Mara, Vik)',
    );
    expect(await rejection(planRun(planInput({}, { input: undefined, jobsFile: {} })))).toBe('jobs file: root must be a JSON array of jobs');
  });

  it('applies the gates: batch limit, spend lock, candidate cap, allowed style roots', async () => {
    expect(await rejection(planRun(planInput({ safe_batch_limit: 1 })))).toBe(
      '2 jobs exceed the safe batch limit of 1; split the batch or pass --allow-large-batch',
    );
    expect((await planRun(planInput({ safe_batch_limit: 1 }, { allowLargeBatch: true }))).log.jobs).toHaveLength(2);
    expect(await rejection(planRun(planInput({}, { mode: 'run' })))).toBe('spending is locked: pass --confirm-spend to make paid image calls');
    expect(await rejection(planRun(planInput({}, { mode: 'run', confirmSpend: true, candidates: 7 })))).toBe(
      '7 candidates per job exceed max_candidates 6; lower --candidates or pass --allow-many-candidates',
    );
    expect((await planRun(planInput({}, { candidates: 7 }))).log.generation.candidates).toBe(7);
    expect(await rejection(planRun(planInput({}, { styleRefs: ['chars/vik.png'] })))).toBe(
      'style ref chars/vik.png is not under any of policy.allowed_style_roots (styles/noir)',
    );
    expect(await rejection(planRun(planInput({}, { styleRefs: ['styles/noir/missing.png'] })))).toBe(
      'style ref not found: styles/noir/missing.png',
    );
  });

  it('uses the style prompt alone for stage style and honours default_no_invention = false', async () => {
    const { log } = await planRun(
      planInput({ policy: { default_no_invention: false } }, { selection: { stage: 'style', time: 'night', weather: 'rain' }, characters: [] }),
    );
    expect(log.jobs[0]?.prompt).toBe('BASE');
    expect(log.jobs[0]?.id).toBe('style_1_01');
    expect(log.jobs[0]?.input_images).toEqual(['scenes/01.png', 'styles/noir/s.png']);
  });
});

import { describe, expect, it } from 'vitest';
import { RUN_LOG_SCHEMA_VERSION, ZRunLogCandidateSchema, ZRunLogSchema } from '../src/index.js';

const postprocess = {
  upscale: true,
  upscale_backend: 'python',
  color: true,
  color_profile: 'neutral',
  bg_remove: true,
  bg_remove_backends: ['rembg'],
  bg_refine_openai: false,
  bg_refine_openai_required: false,
  pipeline_order: ['generate', 'bg_remove', 'upscale', 'color'],
};
const guardSettings = { enabled: true, enforce_grayscale: false, max_chroma_delta: 2, fail_on_chroma_exceed: false };

/** A run-mode log as the original JS CLI writes it (§8.1), including a key we do not model. */
const originalRunLog = {
  timestamp: '2026-02-25T01:20:56.123Z',
  project: 'noir',
  mode: 'run',
  stage: 'style',
  time: 'day',
  weather: 'clear',
  model: 'gpt-image-1',
  size: '1024x1536',
  quality: 'high',
  generation: { candidates: 2, max_candidates: 6 },
  postprocess,
  output_guard: guardSettings,
  storage: { project_root: 'var/projects/noir', resolved_from_backend: false },
  jobs: [
    {
      id: 'style_1_scene_01',
      mode: 'style',
      time: 'day',
      weather: 'clear',
      input_images: ['/abs/scenes/scene_01.png', 'refs/style.png'],
      prompt: 'Keep geometry. Do not invent new object categories.',
      status: 'done',
      selected_candidate: 2,
      final_output: 'var/projects/noir/color_corrected/style_1_scene_01__c2_nobg_x2_neutral.png',
      output: 'var/projects/noir/color_corrected/style_1_scene_01__c2_nobg_x2_neutral.png',
      color: { input: 'a.png', output: 'b.png', profile: 'neutral', settings: 'builtin' },
      candidates: [
        {
          candidate_index: 1,
          output: 'var/projects/noir/outputs/style_1_scene_01__c1.png',
          status: 'failed_output_guard',
          rank: { hard_failures: 1, soft_warnings: 1, avg_chroma_exceed: 3.25 },
          bg_remove: {
            input: 'outputs/style_1_scene_01__c1.png',
            output: 'background_removed/style_1_scene_01__c1_nobg.png',
            backend: 'rembg',
            backends_tried: ['rembg'],
            refine_openai: false,
            refine_error: null,
          },
          upscale: { backend: 'python', input: 'x', output: 'y', scale: 2, model: 'RealESRGAN_x4plus' },
          output_guard: {
            checked_input: 'color_corrected/style_1_scene_01__c1_nobg_x2_neutral.png',
            summary: { total_files: 1, hard_failures: 1, soft_warnings: 1 },
            files: [
              {
                file: 'color_corrected/style_1_scene_01__c1_nobg_x2_neutral.png',
                chroma_delta: 5.25,
                grayscale_like: false,
                hard_fail_reasons: ['not_grayscale_like'],
                soft_warnings: ['chroma_exceeds_threshold'],
              },
            ],
            bad_archive: 'archive/bad/style_1_scene_01__c1_nobg_x2_neutral_bad_2026-02-25T01-20-57-000Z.png',
          },
        },
        {
          candidate_index: 2,
          output: 'var/projects/noir/outputs/style_1_scene_01__c2.png',
          status: 'done',
          rank: { hard_failures: 0, soft_warnings: 0, avg_chroma_exceed: 0 },
          final_output: 'var/projects/noir/color_corrected/style_1_scene_01__c2_nobg_x2_neutral.png',
        },
      ],
    },
  ],
  legacy_extra: { anything: 1 },
};

const sha = 'a'.repeat(64);
const kromaRunLog = {
  ...originalRunLog,
  timestamp: '2026-11-23T16:00:00.000Z',
  run_id: 'run-123',
  schema_version: RUN_LOG_SCHEMA_VERSION,
  cost: { estimate_usd: 0.54, actual_usd: 0.5, cap_usd: 2 },
  cost_events: [
    {
      job_id: 'style_1_scene_01',
      candidate_index: 1,
      provider_code: 'openai',
      model_name: 'gpt-image-1',
      event_type: 'image_generation',
      units: 1,
      unit_cost_usd: 0.25,
      total_cost_usd: 0.25,
      currency: 'USD',
      meta: { output_tokens: 6240 },
    },
  ],
  progress: {
    status: 'done',
    stage: 'finalise',
    jobs_total: 1,
    jobs_done: 1,
    candidates_total: 2,
    candidates_done: 2,
    updated_at: '2026-11-23T16:00:05Z',
  },
  jobs: [
    {
      ...originalRunLog.jobs[0],
      characters: ['Mara'],
      prompt_sha256: sha,
      candidates: [
        {
          candidate_index: 1,
          output: 'outputs/style_1_scene_01.png',
          status: 'done',
          rank: { hard_failures: 0, soft_warnings: 0, avg_chroma_exceed: 0 },
          final_output: 'outputs/style_1_scene_01.png',
          request: {
            model: 'gpt-image-1',
            size: '1024x1536',
            quality: 'high',
            input_fidelity: 'high',
            output_format: 'png',
            input_images: ['scenes/scene_01.png'],
            prompt_sha256: sha,
          },
          output_sha256: 'b'.repeat(64),
          attempts: 2,
          duration_ms: 1234,
          error: null,
        },
      ],
    },
  ],
};

describe('ZRunLogSchema', () => {
  it('reads an original-shaped run log and keeps keys it does not model', () => {
    const parsed = ZRunLogSchema.parse(originalRunLog);
    expect(parsed.jobs[0]?.candidates?.[0]?.output_guard?.files[0]?.chroma_delta).toBe(5.25);
    expect((parsed as Record<string, unknown>).legacy_extra).toEqual({ anything: 1 });
    expect(parsed.schema_version).toBeUndefined();
  });

  it("reads the original Rust runtime's non-ISO timestamp and its dry jobs with planned records", () => {
    const rsDry = {
      ...originalRunLog,
      timestamp: '1772000000.123Z',
      mode: 'dry',
      model: '',
      jobs: [
        {
          id: 'style_1_a',
          mode: 'style',
          time: 'day',
          weather: 'clear',
          input_images: ['a.png'],
          prompt: 'p',
          status: 'planned',
          planned_generation: { candidates: 1 },
          planned_postprocess: postprocess,
          planned_output_guard: guardSettings,
        },
      ],
    };
    expect(ZRunLogSchema.parse(rsDry).jobs[0]?.planned_generation).toEqual({ candidates: 1 });
  });

  it('reads a Kroma log with run id, cost, cost events, progress and per-candidate request', () => {
    const parsed = ZRunLogSchema.parse(kromaRunLog);
    expect(parsed.cost).toEqual({ estimate_usd: 0.54, actual_usd: 0.5, cap_usd: 2 });
    expect(parsed.cost_events?.[0]?.total_cost_usd).toBe(0.25);
    expect(parsed.progress?.status).toBe('done');
    expect(parsed.jobs[0]?.candidates?.[0]?.request?.input_images).toEqual(['scenes/scene_01.png']);
    expect(parsed.jobs[0]?.characters).toEqual(['Mara']);
  });

  it('requires an ISO-8601 timestamp once the log declares the Kroma schema version', () => {
    const result = ZRunLogSchema.safeParse({ ...kromaRunLog, timestamp: '1772000000.123Z' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['timestamp']);
  });

  it('rejects a wrong schema version, an unknown progress status and a non-ISO progress time', () => {
    const paths = (value: unknown) => ZRunLogSchema.safeParse(value).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths({ ...kromaRunLog, schema_version: 'kroma.runlog.v0' })).toEqual(['schema_version']);
    expect(paths({ ...kromaRunLog, progress: { ...kromaRunLog.progress, status: 'paused' } })).toEqual(['progress.status']);
    expect(paths({ ...kromaRunLog, progress: { ...kromaRunLog.progress, updated_at: '2026-11-23 16:00' } })).toEqual([
      'progress.updated_at',
    ]);
  });

  it('rejects a log missing an original run-level key', () => {
    const { storage: _storage, ...withoutStorage } = originalRunLog;
    expect(ZRunLogSchema.safeParse(withoutStorage).error?.issues[0]?.path).toEqual(['storage']);
  });
});

describe('ZRunLogCandidateSchema', () => {
  it('rejects index 0, an unknown status and a malformed output hash', () => {
    const base = { candidate_index: 1, output: 'o.png', status: 'done', rank: { hard_failures: 0, soft_warnings: 0, avg_chroma_exceed: 0 } };
    expect(ZRunLogCandidateSchema.safeParse(base).success).toBe(true);
    expect(ZRunLogCandidateSchema.safeParse({ ...base, candidate_index: 0 }).success).toBe(false);
    expect(ZRunLogCandidateSchema.safeParse({ ...base, status: 'ok' }).success).toBe(false);
    expect(ZRunLogCandidateSchema.safeParse({ ...base, output_sha256: 'xyz' }).success).toBe(false);
  });
});

import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, startTestServer, type TTestServer } from './support/server.js';

const REPO_SETTINGS = fileURLToPath(new URL('../../../settings', import.meta.url));
const MANAGED = "Field 'project_root' is managed by project storage; omit it or send the project's storage root";

let t: TTestServer;
let projectRoot: string;
const path = '/api/projects/config_check/runs/validate-config';

function write(file: string, content: unknown): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
const validate = (body: Record<string, unknown>) => t.api('POST', path, { body });

beforeAll(async () => {
  t = await startTestServer();
  await createProject(t, 'Config Check');
  projectRoot = join(t.dir, 'var/projects/config_check');
});
afterAll(async () => {
  await t.close();
});

describe('POST …/runs/validate-config', () => {
  it('looks the project up first: 404 even for a body that would fail', async () => {
    for (const body of [{}, { project_root: '/elsewhere', manifest_path: '../../etc/passwd' }]) {
      const res = await t.api('POST', '/api/projects/nope/runs/validate-config', { body });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ok: false, error: 'Project not found' });
    }
  });

  it('answers an empty summary when no settings exist', async () => {
    const res = await validate({});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      summary: {
        app_settings_loaded: false,
        project_settings_loaded: false,
        resolved_manifest_path: null,
        resolved_postprocess_config_path: null,
      },
    });
  });

  it("reads the project layer from the project's storage root", async () => {
    const layer = write(join(projectRoot, '.kroma/pipeline.settings.json'), { pipeline: { manifest_path: 'cfg/manifest.json' } });
    write(join(t.dir, 'cfg/manifest.json'), { scene_refs: ['scenes/a.png'], generation: { candidates: 2 } });
    const res = await validate({});
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({
      app_settings_loaded: false,
      project_settings_loaded: true,
      resolved_manifest_path: 'cfg/manifest.json',
      resolved_postprocess_config_path: null,
    });
    write(layer, {});
  });

  it('accepts project_root only when it is the storage root (relative to the app root or absolute)', async () => {
    for (const project_root of ['var/projects/config_check', projectRoot, `${projectRoot}/`, '  ']) {
      expect((await validate({ project_root })).status).toBe(200);
    }
    for (const project_root of ['/tmp', 'var/projects/other', '.']) {
      const res = await validate({ project_root });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ok: false, error: MANAGED });
    }
  });

  it('follows a storage override of the project root', async () => {
    const put = await t.api('PUT', '/api/projects/config_check/storage/local', { body: { project_root: 'books/one' } });
    expect(put.status).toBe(200);
    write(join(t.dir, 'books/one/.kroma/pipeline.settings.json'), { postprocess: { color: true } });
    const res = await validate({ project_root: 'books/one' });
    expect(res.status).toBe(200);
    expect(res.body.summary.project_settings_loaded).toBe(true);
    expect((await validate({ project_root: 'var/projects/config_check' })).body.error).toBe(MANAGED);
    await t.api('PUT', '/api/projects/config_check/storage/local', { body: { project_root: '' } });
  });

  it('answers 400 with the manifest prefix and the failing field', async () => {
    const manifest = write(join(t.dir, 'cfg/bad-manifest.json'), { output_guard: { max_chroma_delta: -1 } });
    const res = await validate({ manifest_path: 'cfg/bad-manifest.json' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      ok: false,
      error: `planning manifest validation failed (${manifest}): output_guard.max_chroma_delta must be a finite number >= 0`,
    });
  });

  it('answers 400 with the post-process prefix and the failing field', async () => {
    const post = write(join(t.dir, 'cfg/post.json'), { bg_remove: { openai: { required: 'yes' } } });
    const res = await validate({ postprocess_config_path: ' cfg/post.json ' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(`postprocess config validation failed (${post}): bg_remove.openai.required must be a boolean`);
  });

  it('answers 400 with the settings prefix for a bad layer, app or project', async () => {
    const app = write(join(t.dir, 'cfg/app.toml'), '[pipeline.postprocess]\nupscale_backend = "cuda"\n');
    const res = await validate({ app_settings_path: 'cfg/app.toml' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(
      `settings layer validation failed: app settings (${app}): pipeline.postprocess.upscale_backend must be one of: sharp, python, ncnn`,
    );
    const project = write(join(projectRoot, 'conf/layer.json'), { manifest_path: '' });
    const res2 = await validate({ project_settings_path: 'conf/layer.json' });
    expect(res2.body.error).toBe(`settings layer validation failed: project settings (${project}): manifest_path must be a non-empty string`);
  });

  it('refuses paths that leave the app root and the project root', async () => {
    const res = await validate({ manifest_path: '../../etc/hosts' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^planning manifest validation failed \(.*\/etc\/hosts\): manifest_path must stay inside the app root or the project root$/);
    const res2 = await validate({ app_settings_path: '/etc/hosts' });
    expect(res2.body.error).toBe(
      'settings layer validation failed: app_settings_path (/etc/hosts) must stay inside the app root or the project root',
    );
  });

  it('leaves wrong JSON types to the framework (422)', async () => {
    expect((await validate({ manifest_path: 5 })).status).toBe(422);
  });
});

describe("the repository's settings/ files", () => {
  it('validate cleanly as the app layer of a server', async () => {
    const server = await startTestServer();
    try {
      cpSync(REPO_SETTINGS, join(server.dir, 'settings'), { recursive: true });
      await createProject(server, 'Defaults');
      const res = await server.api('POST', '/api/projects/defaults/runs/validate-config', { body: {} });
      expect(res.status).toBe(200);
      expect(res.body.summary).toEqual({
        app_settings_loaded: true,
        project_settings_loaded: false,
        resolved_manifest_path: 'settings/pipeline.manifest.json',
        resolved_postprocess_config_path: 'settings/postprocess.json',
      });
    } finally {
      await server.close();
    }
  });
});

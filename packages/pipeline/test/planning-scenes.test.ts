import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertStyleRefsAllowed, resolveScenes } from '../src/index.js';
import { createSandbox, rejection, type TConfigSandbox } from './config-fixtures.js';
import { writeSolidPng } from './qa-fixtures.js';

let box: TConfigSandbox;
let roots: { appRoot: string; projectRoot: string };
beforeEach(() => {
  box = createSandbox();
  roots = { appRoot: box.appRoot, projectRoot: box.projectRoot };
});
afterEach(() => box.cleanup());

const png = (path: string): Promise<string> => writeSolidPng(path, { r: 90, g: 90, b: 90 });
const appRel = (path: string): string => relative(box.appRoot, path);

describe('resolveScenes', () => {
  it('lists a directory depth-first, each folder sorted by name in byte order, images only', async () => {
    const dir = join(box.appRoot, 'scenes');
    for (const name of ['a/10.png', 'a/2.png', 'a.png', 'a-b.png', 'B.png', 'a_z/1.webp', 'c.JPG']) await png(join(dir, name));
    writeFileSync(join(dir, 'notes.txt'), 'not an image');
    const scenes = await resolveScenes({ input: 'scenes', manifestSceneRefs: [] }, roots);
    expect(scenes.map((scene) => relative(dir, scene))).toEqual([
      'B.png',
      'a/10.png',
      'a/2.png',
      'a-b.png',
      'a.png',
      'a_z/1.webp',
      'c.JPG',
    ]);
  });

  it('takes a single image file as --input and refuses a non-image one', async () => {
    const file = await png(join(box.appRoot, 'one.png'));
    expect(await resolveScenes({ input: 'one.png', manifestSceneRefs: [] }, roots)).toEqual([file]);
    writeFileSync(join(box.appRoot, 'one.txt'), 'x');
    expect(await rejection(resolveScenes({ input: 'one.txt', manifestSceneRefs: [] }, roots))).toBe('input is not an image file: one.txt');
  });

  it('refuses --input together with scene refs', async () => {
    await png(join(box.appRoot, 'a.png'));
    expect(await rejection(resolveScenes({ input: 'a.png', sceneRefs: ['a.png'], manifestSceneRefs: [] }, roots))).toBe(
      'give scenes either as --input or as scene refs, not both',
    );
  });

  it('falls back to the manifest scene refs, in order, and names a missing one', async () => {
    const second = await png(join(box.appRoot, 'm/2.png'));
    const first = await png(join(box.projectRoot, 'scenes/1.png'));
    expect(await resolveScenes({ manifestSceneRefs: [first, 'm/2.png'] }, roots)).toEqual([first, second]);
    expect(await rejection(resolveScenes({ sceneRefs: ['m/2.png', 'm/missing.png'], manifestSceneRefs: [] }, roots))).toBe(
      'scene not found: m/missing.png',
    );
    expect(await rejection(resolveScenes({ input: 'nope', manifestSceneRefs: [] }, roots))).toBe('input not found: nope');
  });

  it('errors on no scenes unless a jobs file supplies the jobs', async () => {
    expect(await rejection(resolveScenes({ manifestSceneRefs: [] }, roots))).toBe('no scene references configured');
    expect(await resolveScenes({ manifestSceneRefs: [] }, roots, true)).toEqual([]);
  });

  it('refuses a path that leaves both roots, by .. or by a symlink', async () => {
    const outsideFile = await png(join(box.outside, 'x.png'));
    const escape = appRel(outsideFile);
    expect(escape.startsWith('..')).toBe(true);
    expect(await rejection(resolveScenes({ sceneRefs: [escape], manifestSceneRefs: [] }, roots))).toBe(
      `scene ${escape} is outside the app root and the project root`,
    );
    symlinkSync(outsideFile, join(box.appRoot, 'link.png'));
    expect(await rejection(resolveScenes({ sceneRefs: ['link.png'], manifestSceneRefs: [] }, roots))).toBe(
      'scene link.png is outside the app root and the project root',
    );
    mkdirSync(join(box.appRoot, 'dir'));
    await png(join(box.appRoot, 'dir/ok.png'));
    symlinkSync(outsideFile, join(box.appRoot, 'dir/z-link.png'));
    expect(await rejection(resolveScenes({ input: 'dir', manifestSceneRefs: [] }, roots))).toBe(
      `scene ${join(box.appRoot, 'dir/z-link.png')} is outside the app root and the project root`,
    );
  });
});

describe('assertStyleRefsAllowed', () => {
  it('accepts a ref equal to a root or under one, and anything when no roots are set', () => {
    expect(() => assertStyleRefsAllowed(['styles/noir', 'styles/noir/a.png', './styles/noir/../noir/b.png'], ['styles/noir'], box.appRoot)).not.toThrow();
    expect(() => assertStyleRefsAllowed(['/anywhere/a.png'], undefined, box.appRoot)).not.toThrow();
    expect(() => assertStyleRefsAllowed(['/anywhere/a.png'], [], box.appRoot)).not.toThrow();
  });

  it('refuses a ref outside every root, including a sibling sharing the prefix', () => {
    expect(() => assertStyleRefsAllowed(['styles/noir/a.png', 'styles/noir-2/b.png'], ['styles/noir', 'refs'], box.appRoot)).toThrow(
      'style ref styles/noir-2/b.png is not under any of policy.allowed_style_roots (styles/noir, refs)',
    );
    expect(() => assertStyleRefsAllowed(['styles/noir/../other.png'], ['styles/noir'], box.appRoot)).toThrow(
      'style ref styles/noir/../other.png is not under any of policy.allowed_style_roots (styles/noir)',
    );
  });
});

// The temp app root the pipeline bench runs in: scene PNGs made with sharp, and the defaults for manifest and
// post-process config (loaded from `{}` files, which the pipeline fills with the contract's defaults).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPipelineManifest, loadPostprocessConfig } from '@kroma/pipeline';
import sharp from 'sharp';

export const SCENE_WIDTH = 1024;
export const SCENE_HEIGHT = 1536;

/**
 * `count` scene PNGs of 1024×1536. `noise` (Gaussian) makes each upload a few MB, like a real drawing; `flat` (one
 * grey) a few KB, which leaves the upload out of the figures. Made once; only the file name differs.
 */
export async function writeScenes(dir, count, kind = 'noise') {
  mkdirSync(dir, { recursive: true });
  const fill = kind === 'flat' ? { background: { r: 128, g: 128, b: 128 } } : { noise: { type: 'gaussian', mean: 128, sigma: 24 } };
  const png = await sharp({ create: { width: SCENE_WIDTH, height: SCENE_HEIGHT, channels: 3, ...fill } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  for (let index = 1; index <= count; index += 1) writeFileSync(join(dir, `scene_${String(index).padStart(3, '0')}.png`), png);
  return png.length;
}

/** The default manifest and post-process config, resolved the way the CLI resolves an empty file. */
export async function loadDefaultConfig(roots) {
  const manifestPath = join(roots.appRoot, 'pipeline.manifest.json');
  const postprocessPath = join(roots.appRoot, 'postprocess.json');
  writeFileSync(manifestPath, '{}\n');
  writeFileSync(postprocessPath, '{}\n');
  return {
    manifest: await loadPipelineManifest(manifestPath, roots),
    postprocessConfig: await loadPostprocessConfig(postprocessPath, roots),
  };
}

/** A temp app root with a project folder `proj` inside it. */
export function makeProjectRoots(appRoot) {
  const projectRoot = join(appRoot, 'proj');
  mkdirSync(projectRoot, { recursive: true });
  return { appRoot, projectRoot };
}

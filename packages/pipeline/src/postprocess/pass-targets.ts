import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { fileStem, sanitizeFileStem } from '../planning/sanitize.js';
import { listImageFiles } from '../qa/image-files.js';

export interface TPassTarget {
  input: string;
  output: string;
}

export interface TTargetNaming {
  /** Extension every output gets, without the dot (`png`, `jpg`, `webp`). */
  extension: string;
  /** bg removal sanitises a file input's stem when the output is a folder (§7.2); the other passes keep it. */
  sanitizeStem: boolean;
}

const OUTPUT_IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'];

const withExtension = (path: string, extension: string): string =>
  join(dirname(path), `${basename(path, extname(path))}.${extension}`);

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/**
 * Where a single-pass verb writes (§7.2, §7.4, §7.5). A folder input mirrors its tree under `output`. A file input
 * writes to `output` itself when that names an image file, else into `output` as a folder. Every output carries
 * the extension of the format actually written, so a name never lies about its bytes (§10 item 14).
 */
export async function planPassTargets(input: string, output: string, naming: TTargetNaming): Promise<TPassTarget[]> {
  const info = await stat(input).catch(() => undefined);
  if (info === undefined) throw new Error(`input not found: ${input}`);
  if (info.isDirectory()) {
    const files = await listImageFiles(input);
    return files.map((file) => ({ input: file, output: withExtension(join(output, relative(input, file)), naming.extension) }));
  }
  const namesFolder =
    output.endsWith(sep) || output.endsWith('/') || !OUTPUT_IMAGE_EXTENSIONS.includes(extname(output).toLowerCase()) || (await isDirectory(output));
  if (!namesFolder) return [{ input, output: withExtension(output, naming.extension) }];
  const stem = naming.sanitizeStem ? sanitizeFileStem(fileStem(input)) || 'image' : fileStem(input);
  return [{ input, output: join(output, `${stem}.${naming.extension}`) }];
}

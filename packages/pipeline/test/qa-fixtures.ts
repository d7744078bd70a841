import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * sharp is a dependency of @kroma/adapters, not of this package, so it is loaded from there. Only the calls
 * these tests make are typed.
 */
interface TSharpFactory {
  (
    input: Buffer | { create: { width: number; height: number; channels: 3 | 4; background: TRgba } },
    options?: { raw: { width: number; height: number; channels: 3 | 4 } },
  ): { png(): { toFile(path: string): Promise<unknown> } };
}
interface TRgba {
  r: number;
  g: number;
  b: number;
  alpha?: number;
}

const adaptersManifest = realpathSync(
  fileURLToPath(new URL('../node_modules/@kroma/adapters/package.json', import.meta.url)),
);
const sharp = createRequire(adaptersManifest)('sharp') as TSharpFactory;

/** A temp directory removed by `cleanup`. */
export function createQaSandbox(): { root: string; path(...parts: string[]): string; cleanup(): void } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'kroma-qa-')));
  return {
    root,
    path: (...parts) => join(root, ...parts),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A real PNG of one solid colour (RGB, or RGBA when `alpha` is given). */
export async function writeSolidPng(path: string, colour: TRgba, size = 8): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const channels = colour.alpha === undefined ? 3 : 4;
  await sharp({ create: { width: size, height: size, channels, background: colour } })
    .png()
    .toFile(path);
  return path;
}

/**
 * A real RGBA PNG cutout: a `inner`-pixel square of `subject` in the middle of a `size` square whose other pixels
 * are fully transparent but keep the RGB of `hidden` (as a background remover leaves them).
 */
export async function writeCutoutPng(
  path: string,
  subject: [number, number, number],
  hidden: [number, number, number],
  size = 10,
  inner = 4,
): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const pixels = Buffer.alloc(size * size * 4);
  const start = (size - inner) / 2;
  for (let y = 0; y < size; y += 1)
    for (let x = 0; x < size; x += 1) {
      const opaque = x >= start && x < start + inner && y >= start && y < start + inner;
      pixels.set(opaque ? [...subject, 255] : [...hidden, 0], (y * size + x) * 4);
    }
  await sharp(pixels, { raw: { width: size, height: size, channels: 4 } })
    .png()
    .toFile(path);
  return path;
}

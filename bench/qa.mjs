#!/usr/bin/env node
// QA speed: the output guard over N images of 1024×1536 against the time sharp alone takes to decode them, in
// the same run. Target: QA ≤ 1.3 × decode. Needs the packages built (`npm test` or `npm start` builds them).
// Usage: node bench/qa.mjs [--images 100] [--width 1024] [--height 1536] [--rounds 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SharpImageAnalyzer } from '@kroma/adapters';
import { buildOutputGuardReport } from '@kroma/pipeline';
import sharp from 'sharp';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '100' },
    width: { type: 'string', default: '1024' },
    height: { type: 'string', default: '1536' },
    rounds: { type: 'string', default: '3' },
  },
});
const count = Number(values.images);
const width = Number(values.width);
const height = Number(values.height);
const rounds = Number(values.rounds);

/** A panel-like test image: smooth gradients plus noise, so PNG decoding does real work. */
async function writeImage(path, seed) {
  const raw = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761;
  for (let i = 0, p = 0; i < width * height; i += 1, p += 3) {
    state = (state * 1103515245 + 12345) >>> 0;
    const noise = state >>> 28;
    const x = i % width;
    const y = (i / width) | 0;
    const grey = ((x + y + seed) & 255) ^ noise;
    raw[p] = grey;
    raw[p + 1] = (grey + (seed % 7)) & 255;
    raw[p + 2] = (grey + (seed % 5)) & 255;
  }
  await sharp(raw, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 6 }).toFile(path);
}

const dir = mkdtempSync(join(tmpdir(), 'kroma-bench-qa-'));
try {
  process.stdout.write(`writing ${count} images of ${width}×${height} … `);
  const files = [];
  for (let i = 0; i < count; i += 1) {
    const file = join(dir, `img_${String(i).padStart(3, '0')}.png`);
    await writeImage(file, i + 1);
    files.push(file);
  }
  console.log('done');

  const decodeAll = async () => {
    // The baseline: sharp decoding every file to raw pixels, 4 at a time like the guard.
    for (let i = 0; i < files.length; i += 4) {
      await Promise.all(files.slice(i, i + 4).map((file) => sharp(file).raw().toBuffer()));
    }
  };
  const analyzer = new SharpImageAnalyzer();
  const settings = { max_chroma_delta: 2, enforce_grayscale: false, fail_on_chroma_exceed: false };
  const qaAll = () => buildOutputGuardReport({ input: dir, settings, analyzer, root: dir });

  await decodeAll();
  await qaAll();
  const results = [];
  for (let round = 1; round <= rounds; round += 1) {
    let started = performance.now();
    await decodeAll();
    const decodeMs = performance.now() - started;
    started = performance.now();
    const report = await qaAll();
    const qaMs = performance.now() - started;
    if (report.summary.total_files !== count) throw new Error(`QA saw ${report.summary.total_files} files, expected ${count}`);
    results.push({ round, decodeMs, qaMs, ratio: qaMs / decodeMs });
    console.log(
      `round ${round}: sharp decode ${decodeMs.toFixed(0)} ms · QA ${qaMs.toFixed(0)} ms (${((count * 1000) / qaMs).toFixed(1)} images/s) · ratio ${(qaMs / decodeMs).toFixed(2)}`,
    );
  }
  const best = results.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const median = [...results].sort((a, b) => a.ratio - b.ratio)[Math.floor(results.length / 2)];
  console.log(
    `\nQA ${count} images of ${width}×${height}: median ratio ${median.ratio.toFixed(2)} (best ${best.ratio.toFixed(2)}) of sharp's decode time, ` +
      `${((count * 1000) / median.qaMs).toFixed(1)} images/s · target ≤ 1.30: ${median.ratio <= 1.3 ? 'PASS' : 'MISS'} · Node ${process.version}`,
  );
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

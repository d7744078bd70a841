#!/usr/bin/env node
// Export / import speed and memory: a project of N small PNG assets (ingested from a run log of N/2 jobs × 2
// candidates, so the rows are real: runs, jobs, candidates, assets, links, QA, costs) exported as a tar.gz through
// @kroma/bootstrap's `exportProject`, then restored into a fresh database and app root with `importProject`. The same
// at N/10 and N×10 shows whether memory grows with the project (target: peak RSS within 100 MB across the 100× range).
// Built packages: build @kroma/db and @kroma/bootstrap first. Export and import each run in a fresh child process, so
// the peak RSS is theirs alone (not the project generator's).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import { ingestRunLog, openStore, upsertProject } from '@kroma/db';

const USAGE = 'Usage: node bench/export.mjs [--assets 5000] [--factors 0.1,1,10] [--keep]';
const { values } = parseArgs({
  options: {
    assets: { type: 'string', default: '5000' },
    factors: { type: 'string', default: '0.1,1,10' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const baseAssets = Number(values.assets);
const sizes = values.factors.split(',').map((factor) => Math.max(2, Math.round((baseAssets * Number(factor)) / 2) * 2));
const SLUG = 'bench_export';
const ROOT = `var/projects/${SLUG}`;

/** A distinct 32×32 RGB PNG per index (a tiny encoder: signature, IHDR, one IDAT, IEND). */
function png(index) {
  const side = 32;
  const raw = Buffer.alloc(side * (side * 3 + 1));
  for (let y = 0; y < side; y += 1) {
    const row = y * (side * 3 + 1);
    for (let x = 0; x < side; x += 1) {
      const at = row + 1 + x * 3;
      raw[at] = (index * 7 + x * 5) & 0xff;
      raw[at + 1] = (index >> 8) & 0xff;
      raw[at + 2] = (x * y + index) & 0xff;
    }
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The project: N PNG outputs, a run log of N/2 jobs × 2 candidates referencing them, ingested with hashes. */
async function buildProject(appRoot, assets) {
  mkdirSync(join(appRoot, ROOT, 'outputs'), { recursive: true });
  mkdirSync(join(appRoot, ROOT, 'runs'), { recursive: true });
  let bytes = 0;
  const jobs = [];
  for (let j = 0; j < assets / 2; j += 1) {
    const id = `style_1_scene_${j + 1}`;
    const candidates = [1, 2].map((c) => {
      const output = `${ROOT}/outputs/${id}__c${c}.png`;
      const data = png(j * 2 + c);
      bytes += data.length;
      writeFileSync(join(appRoot, output), data);
      return { candidate_index: c, output, status: 'done', rank: { hard_failures: 0, soft_warnings: 0, avg_chroma_exceed: 0 }, final_output: output };
    });
    jobs.push({ id, mode: 'style', time: 'day', weather: 'clear', input_images: [`scenes/${j}.png`], prompt: 'noir panel', status: 'done', selected_candidate: 1, final_output: candidates[0].output, output: candidates[0].output, candidates });
  }
  const log = {
    timestamp: '2026-03-01T10:00:00Z', project: SLUG, mode: 'run', stage: 'style', time: 'day', weather: 'clear', model: 'gpt-image-1',
    size: '1024x1024', quality: 'high', generation: { candidates: 2, max_candidates: 6 },
    postprocess: { upscale: false, upscale_backend: null, color: false, color_profile: null, bg_remove: false, bg_remove_backends: [], bg_refine_openai: false, bg_refine_openai_required: false, pipeline_order: ['generate'] },
    output_guard: { enabled: true, enforce_grayscale: false, max_chroma_delta: 2, fail_on_chroma_exceed: false },
    storage: { project_root: ROOT, resolved_from_backend: true }, jobs,
  };
  const runLogPath = `${ROOT}/runs/run_bench.json`;
  writeFileSync(join(appRoot, runLogPath), JSON.stringify(log));
  const store = await openStore({ path: 'var/backend/app.db', appRoot });
  await upsertProject(store, { userId: null }, { name: SLUG });
  await ingestRunLog(store, { runLogPath });
  await store.close();
  return { pngBytes: bytes + statSync(join(appRoot, runLogPath)).size };
}

/** One step in a fresh Node process: its wall time, CPU time, peak RSS and result. */
function inChild(body) {
  const script = `
    import { exportProject, importProject } from '@kroma/bootstrap';
    import { openStore } from '@kroma/db';
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await (async () => { ${body} })();
    const { user, system } = process.cpuUsage(cpu);
    console.log(JSON.stringify({ ms: performance.now() - started, cpuMs: (user + system) / 1000, peakMb: process.resourceUsage().maxRSS / 1024, result }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: import.meta.dirname, encoding: 'utf8' }));
}

const exportBody = (appRoot) => `
  const store = await openStore({ path: 'var/backend/app.db', appRoot: ${JSON.stringify(appRoot)} });
  const result = await exportProject(store, '${SLUG}', { output: 'var/exports/bench.tar.gz' });
  await store.close();
  return { path: result.export_path, size: result.export.file_size_bytes, files: result.manifest.copied_files, rows: result.manifest.copied_rows };`;

const importBody = (appRoot, archive) => `
  const store = await openStore({ path: 'var/backend/app.db', appRoot: ${JSON.stringify(appRoot)} });
  const result = await importProject(store, ${JSON.stringify(archive)});
  await store.close();
  return { files: result.copied_files, assets: result.copied_rows.assets, remapped: result.remapped_ids };`;

const mbps = (bytes, ms) => (bytes / 1024 / 1024 / (ms / 1000)).toFixed(1);

const results = [];
for (const assets of sizes) {
  const source = mkdtempSync(join(tmpdir(), 'kroma-bench-export-'));
  const target = mkdtempSync(join(tmpdir(), 'kroma-bench-import-'));
  try {
    const { pngBytes } = await buildProject(source, assets);
    const exported = inChild(exportBody(source));
    const imported = inChild(importBody(target, exported.result.path));
    if (imported.result.assets !== exported.result.rows.assets || imported.result.files !== exported.result.files) throw new Error('import did not restore what the export holds');
    results.push({ assets, pngBytes, exported, imported });
    console.log(
      `${assets} assets (${(pngBytes / 1024 / 1024).toFixed(1)} MB of files, ${exported.result.files} files, archive ${(exported.result.size / 1024 / 1024).toFixed(1)} MB): ` +
        `export ${(exported.ms / 1000).toFixed(2)} s (${mbps(pngBytes, exported.ms)} MB/s, cpu ${(exported.cpuMs / 1000).toFixed(2)} s, peak RSS ${exported.peakMb.toFixed(0)} MB) · ` +
        `import ${(imported.ms / 1000).toFixed(2)} s (${mbps(pngBytes, imported.ms)} MB/s, cpu ${(imported.cpuMs / 1000).toFixed(2)} s, peak RSS ${imported.peakMb.toFixed(0)} MB)`,
    );
  } finally {
    if (!values.keep) {
      rmSync(source, { recursive: true, force: true });
      rmSync(target, { recursive: true, force: true });
    } else console.log(`kept ${source} and ${target}`);
  }
}
for (const step of ['exported', 'imported']) {
  const peaks = results.map((result) => result[step].peakMb);
  const spread = Math.max(...peaks) - Math.min(...peaks);
  console.log(`${step === 'exported' ? 'export' : 'import'} peak RSS ${peaks.map((peak) => peak.toFixed(0)).join(' → ')} MB over ${sizes.join(' → ')} assets: spread ${spread.toFixed(0)} MB (target ≤ 100 MB: ${spread <= 100 ? 'PASS' : 'MISS'})`);
}
console.log(`Node ${process.version}`);

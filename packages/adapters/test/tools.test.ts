import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealEsrganNcnnUpscaler, RealEsrganPythonUpscaler, RembgRemover, ToolNotInstalledError } from '@kroma/adapters';

const folder = mkdtempSync(join(tmpdir(), 'kroma-tools-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const argsLog = join(folder, 'args.log');

/**
 * A fake CLI: logs its arguments, then copies the file after `inFlag` to the one after `outFlag` (or, for
 * positional CLIs like rembg, the last two arguments). `FAIL` in an argument makes it fail with stderr instead.
 */
function fakeTool(name: string, inFlag: string | null, outFlag: string | null, extraStderr = ''): string {
  const path = join(folder, name);
  writeFileSync(
    path,
    `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(argsLog)}, JSON.stringify(args));
if (${JSON.stringify(extraStderr)}) { process.stderr.write(${JSON.stringify(extraStderr)}); process.exit(1); }
if (args.some((arg) => arg.includes('FAIL'))) {
  process.stderr.write('loading model\\n' + 'x\\n'.repeat(30) + 'RuntimeError: CUDA out of memory\\n');
  process.exit(3);
}
const input = ${JSON.stringify(inFlag)} === null ? args.at(-2) : args[args.indexOf(${JSON.stringify(inFlag)}) + 1];
const output = ${JSON.stringify(outFlag)} === null ? args.at(-1) : args[args.indexOf(${JSON.stringify(outFlag)}) + 1];
fs.copyFileSync(input, output);
`,
  );
  chmodSync(path, 0o755);
  return path;
}

const loggedArgs = (): string[] => JSON.parse(readFileSync(argsLog, 'utf8')) as string[];
const tempBeside = (folderPath: string, extension: string): RegExp => new RegExp(`^${folderPath}/\\.[\\w-]+\\.tmp-\\d+-[0-9a-f]{8}\\.${extension}$`);

let cutoutInput: string;
beforeAll(async () => {
  // 32×16: the left half fully transparent red, the right half opaque blue (what rembg would leave).
  const data = Buffer.alloc(32 * 16 * 4);
  for (let index = 0; index < 32 * 16; index += 1) data.set(index % 32 < 16 ? [255, 0, 0, 0] : [0, 0, 255, 255], index * 4);
  cutoutInput = join(folder, 'scene.png');
  await sharp(data, { raw: { width: 32, height: 16, channels: 4 } }).png().toFile(cutoutInput);
});

describe('RembgRemover', () => {
  it('runs `python -m rembg i -m MODEL IN OUT` and writes a real PNG', async () => {
    const remover = new RembgRemover({ pythonBin: fakeTool('python-rembg', null, null), model: 'isnet-anime' });
    const output = join(folder, 'out', 'scene_nobg.png');
    await remover.remove({ input: cutoutInput, output, format: 'png' });
    const args = loggedArgs();
    expect(args.slice(0, 6)).toEqual(['-m', 'rembg', 'i', '-m', 'isnet-anime', cutoutInput]);
    expect(args[6]).toMatch(tempBeside(join(folder, 'out'), 'png'));
    expect(readdirSync(join(folder, 'out'))).toEqual(['scene_nobg.png']);
    const { data } = await sharp(output).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 4)]).toEqual([255, 0, 0, 0]);
    expect(remover.name).toBe('rembg');
  });

  it('converts for real: jpg flattened onto white, webp keeps alpha', async () => {
    const remover = new RembgRemover({ pythonBin: fakeTool('python-rembg2', null, null) });
    await remover.remove({ input: cutoutInput, output: join(folder, 'cut.jpg'), format: 'jpg' });
    await remover.remove({ input: cutoutInput, output: join(folder, 'cut.webp'), format: 'webp' });
    expect(loggedArgs().slice(0, 5)).toEqual(['-m', 'rembg', 'i', '-m', 'u2net']);
    const jpg = await sharp(join(folder, 'cut.jpg')).raw().toBuffer({ resolveWithObject: true });
    expect([jpg.info.format, jpg.info.channels]).toEqual(['raw', 3]);
    expect((await sharp(join(folder, 'cut.jpg')).metadata()).format).toBe('jpeg');
    expect([...jpg.data.subarray(0, 3)]).toEqual([255, 255, 255]);
    const webp = await sharp(join(folder, 'cut.webp')).metadata();
    expect([webp.format, webp.hasAlpha]).toEqual(['webp', true]);
  });

  it('a missing interpreter (path or PATH name) or a missing rembg module is ToolNotInstalledError with the install steps', async () => {
    const byPath = new RembgRemover({ pythonBin: join(folder, 'tools/rembg/.venv/bin/python') });
    const byName = new RembgRemover({ pythonBin: 'kroma-no-such-python-3' });
    const noModule = new RembgRemover({ pythonBin: fakeTool('python-bare', null, null, "/usr/bin/python3: No module named rembg\n") });
    for (const remover of [byPath, byName, noModule]) {
      const error = await remover.remove({ input: cutoutInput, output: join(folder, 'never.png'), format: 'png' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ToolNotInstalledError);
      expect((error as ToolNotInstalledError).tool).toBe('rembg');
      expect((error as ToolNotInstalledError).installHint).toContain('tools/rembg/.venv/bin/pip install rembg onnxruntime pillow');
    }
    expect(readdirSync(folder).filter((name) => name.includes('never'))).toEqual([]);
  });

  it('a failing run throws with the tail of its stderr and leaves no file behind', async () => {
    const remover = new RembgRemover({ pythonBin: fakeTool('python-fails', null, null), model: 'FAIL' });
    await expect(remover.remove({ input: cutoutInput, output: join(folder, 'failed.png'), format: 'png' })).rejects.toThrow(
      /^rembg failed \(exit code 3\): (x\n){11}RuntimeError: CUDA out of memory$/,
    );
    expect(readdirSync(folder).filter((name) => name.includes('failed'))).toEqual([]);
  });
});

describe('RealEsrganNcnnUpscaler', () => {
  const modelDir = join(folder, 'models');
  beforeAll(() => mkdirSync(modelDir));

  it('passes the §7.3 command line and writes through a temp file', async () => {
    const upscaler = new RealEsrganNcnnUpscaler({ binary: fakeTool('realesrgan-ncnn-vulkan', '-i', '-o'), modelDir, tile: 128 });
    const output = join(folder, 'up', 'scene_x2.webp');
    mkdirSync(join(folder, 'up'));
    expect(await upscaler.upscale({ input: cutoutInput, output, scale: 2, format: 'webp' })).toEqual({ backend: 'ncnn', model: 'realesrgan-x4plus' });
    const args = loggedArgs();
    expect([...args.slice(0, 3), ...args.slice(4)]).toEqual(['-i', cutoutInput, '-o', '-s', '2', '-m', modelDir, '-n', 'realesrgan-x4plus', '-f', 'webp', '-t', '128']);
    expect(args[3]).toMatch(tempBeside(join(folder, 'up'), 'webp'));
    expect(readFileSync(output)).toEqual(readFileSync(cutoutInput));
    expect(readdirSync(join(folder, 'up'))).toEqual(['scene_x2.webp']);
  });

  it('a missing binary or model directory is ToolNotInstalledError with the release download hint', async () => {
    const noBinary = new RealEsrganNcnnUpscaler({ binary: join(folder, 'tools/realesrgan/realesrgan-ncnn-vulkan'), modelDir });
    const noModels = new RealEsrganNcnnUpscaler({ binary: fakeTool('ncnn2', '-i', '-o'), modelDir: join(folder, 'nope') });
    for (const upscaler of [noBinary, noModels]) {
      const error = await upscaler.upscale({ input: cutoutInput, output: join(folder, 'x.png'), scale: 2, format: 'png' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ToolNotInstalledError);
      expect((error as Error).message).toContain('https://github.com/xinntao/Real-ESRGAN/releases');
    }
    const noModelsError = await noModels.upscale({ input: cutoutInput, output: join(folder, 'x.png'), scale: 2, format: 'png' }).catch((caught: unknown) => caught);
    expect((noModelsError as Error).message).toContain(`model directory ${join(folder, 'nope')} does not exist`);
  });

  it('a tool that exits 0 without writing the output is an error', async () => {
    const silent = join(folder, 'silent-ncnn');
    writeFileSync(silent, `#!${process.execPath}\n`);
    chmodSync(silent, 0o755);
    const upscaler = new RealEsrganNcnnUpscaler({ binary: silent, modelDir });
    await expect(upscaler.upscale({ input: cutoutInput, output: join(folder, 'y.png'), scale: 2, format: 'png' })).rejects.toThrow('realesrgan-ncnn exited successfully but wrote no output file');
  });
});

describe('RealEsrganPythonUpscaler', () => {
  const script = join(folder, 'realesrgan-python-upscale.py');
  beforeAll(() => writeFileSync(script, '# the wrapper script\n'));

  it('passes the wrapper command line of §7.4, with --fp32 and --gpu-id when set', async () => {
    const upscaler = new RealEsrganPythonUpscaler({ pythonBin: fakeTool('python-esrgan', '--input', '--output'), script, modelName: 'RealESRGAN_x2plus', tile: 256, fp32: true, gpuId: 1 });
    const output = join(folder, 'scene_x4.png');
    expect(await upscaler.upscale({ input: cutoutInput, output, scale: 4, format: 'png' })).toEqual({ backend: 'python', model: 'RealESRGAN_x2plus' });
    const args = loggedArgs();
    expect([...args.slice(0, 4), ...args.slice(5)]).toEqual([
      script, '--input', cutoutInput, '--output', '--model-name', 'RealESRGAN_x2plus', '--outscale', '4',
      '--tile', '256', '--tile-pad', '10', '--pre-pad', '0', '--ext', 'png', '--fp32', '--gpu-id', '1',
    ]);
    expect(args[4]).toMatch(tempBeside(folder, 'png'));
    expect(readFileSync(output)).toEqual(readFileSync(cutoutInput));
  });

  it('defaults: no --fp32, no --gpu-id, model RealESRGAN_x4plus, tile 0', async () => {
    const upscaler = new RealEsrganPythonUpscaler({ pythonBin: fakeTool('python-esrgan2', '--input', '--output'), script });
    await upscaler.upscale({ input: cutoutInput, output: join(folder, 'scene_d.jpg'), scale: 2, format: 'jpg' });
    expect(loggedArgs().slice(5)).toEqual(['--model-name', 'RealESRGAN_x4plus', '--outscale', '2', '--tile', '0', '--tile-pad', '10', '--pre-pad', '0', '--ext', 'jpg']);
  });

  it('refuses upstream inference_realesrgan.py, whose options differ', () => {
    expect(() => new RealEsrganPythonUpscaler({ pythonBin: 'python3', script: '/x/inference_realesrgan.py' })).toThrow(/upstream Real-ESRGAN's script/);
  });

  it('a missing script or interpreter is ToolNotInstalledError; a failure carries the stderr tail', async () => {
    const noScript = new RealEsrganPythonUpscaler({ pythonBin: fakeTool('python-esrgan3', '--input', '--output'), script: join(folder, 'missing.py') });
    const noPython = new RealEsrganPythonUpscaler({ pythonBin: join(folder, '.venv/bin/python'), script });
    for (const upscaler of [noScript, noPython]) {
      const error = await upscaler.upscale({ input: cutoutInput, output: join(folder, 'z.png'), scale: 2, format: 'png' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ToolNotInstalledError);
      expect((error as ToolNotInstalledError).installHint).toContain('tools/realesrgan-python/.venv/bin/pip install torch');
    }
    const failing = new RealEsrganPythonUpscaler({ pythonBin: fakeTool('python-esrgan4', '--input', '--output'), script, modelName: 'FAIL' });
    await expect(failing.upscale({ input: cutoutInput, output: join(folder, 'z.png'), scale: 2, format: 'png' })).rejects.toThrow(/^realesrgan-python failed \(exit code 3\): [\s\S]*RuntimeError: CUDA out of memory$/);
  });
});

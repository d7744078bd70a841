import { basename } from 'node:path';
import type { TUpscaleRequest, TUpscaleResult, Upscaler } from '../interfaces/upscaler.js';
import { writeThroughTemporaryFile } from '../sharp/output-file.js';
import { REALESRGAN_PYTHON_INSTALL_HINT } from './install-hints.js';
import { requireInstalled, requireToolOutput, runTool } from './run-tool.js';

export interface TRealEsrganPythonOptions {
  /** The interpreter of the Real-ESRGAN venv, already resolved against the app root. */
  pythonBin: string;
  /** The upscale wrapper script (`realesrgan-python-upscale.py` CLI: `--input --output --model-name --outscale …`). */
  script: string;
  /** Default `RealESRGAN_x4plus`. */
  modelName?: string;
  tile?: number;
  tilePad?: number;
  prePad?: number;
  fp32?: boolean;
  gpuId?: number | null;
  timeoutMs?: number;
}

/** Upstream's own script takes different (underscore, folder-output) options; passing it the wrapper's flags fails. */
const UPSTREAM_INFERENCE_SCRIPT = 'inference_realesrgan.py';

/** Real-ESRGAN in PyTorch through the wrapper script's command line (§7.4). */
export class RealEsrganPythonUpscaler implements Upscaler {
  readonly name = 'python';
  private readonly options: TRealEsrganPythonOptions;

  constructor(options: TRealEsrganPythonOptions) {
    if (basename(options.script) === UPSTREAM_INFERENCE_SCRIPT) {
      throw new Error(`${options.script} is upstream Real-ESRGAN's script, whose options differ; configure the realesrgan-python-upscale.py wrapper instead`);
    }
    this.options = options;
  }

  async upscale(request: TUpscaleRequest): Promise<TUpscaleResult> {
    const { pythonBin, script, tile = 0, tilePad = 10, prePad = 0, fp32 = false, gpuId, timeoutMs } = this.options;
    const modelName = this.options.modelName ?? 'RealESRGAN_x4plus';
    await requireInstalled('realesrgan-python', script, REALESRGAN_PYTHON_INSTALL_HINT, 'script');
    await writeThroughTemporaryFile(request.output, async (tempPath) => {
      const args = [script, '--input', request.input, '--output', tempPath, '--model-name', modelName, '--outscale', String(request.scale)];
      args.push('--tile', String(tile), '--tile-pad', String(tilePad), '--pre-pad', String(prePad), '--ext', request.format);
      if (fp32) args.push('--fp32');
      if (gpuId !== undefined && gpuId !== null) args.push('--gpu-id', String(gpuId));
      await runTool({
        tool: 'realesrgan-python',
        file: pythonBin,
        args,
        installHint: REALESRGAN_PYTHON_INSTALL_HINT,
        notInstalledOutput: /No module named '?(torch|torchvision|basicsr|realesrgan|cv2|numpy)/,
        timeoutMs,
      });
      await requireToolOutput('realesrgan-python', tempPath);
    });
    return { backend: this.name, model: modelName };
  }
}

import type { TUpscaleRequest, TUpscaleResult, Upscaler } from '../interfaces/upscaler.js';
import { writeThroughTemporaryFile } from '../sharp/output-file.js';
import { REALESRGAN_NCNN_INSTALL_HINT } from './install-hints.js';
import { requireInstalled, requireToolOutput, runTool } from './run-tool.js';

export interface TRealEsrganNcnnOptions {
  /** `realesrgan-ncnn-vulkan`, already resolved against the app root. */
  binary: string;
  modelDir: string;
  /** Default `realesrgan-x4plus`. */
  modelName?: string;
  /** `-t`; 0 lets the tool choose. */
  tile?: number;
  timeoutMs?: number;
}

/** Real-ESRGAN's portable ncnn/Vulkan build: `BIN -i IN -o OUT -s SCALE -m MODEL_DIR -n MODEL -f FORMAT -t TILE`. */
export class RealEsrganNcnnUpscaler implements Upscaler {
  readonly name = 'ncnn';
  private readonly options: TRealEsrganNcnnOptions;

  constructor(options: TRealEsrganNcnnOptions) {
    this.options = options;
  }

  async upscale(request: TUpscaleRequest): Promise<TUpscaleResult> {
    const { binary, modelDir, tile = 0, timeoutMs } = this.options;
    const modelName = this.options.modelName ?? 'realesrgan-x4plus';
    await requireInstalled('realesrgan-ncnn', modelDir, REALESRGAN_NCNN_INSTALL_HINT, 'model directory');
    await writeThroughTemporaryFile(request.output, async (tempPath) => {
      await runTool({
        tool: 'realesrgan-ncnn',
        file: binary,
        args: ['-i', request.input, '-o', tempPath, '-s', String(request.scale), '-m', modelDir, '-n', modelName, '-f', request.format, '-t', String(tile)],
        installHint: REALESRGAN_NCNN_INSTALL_HINT,
        timeoutMs,
      });
      await requireToolOutput('realesrgan-ncnn', tempPath);
    });
    return { backend: this.name, model: modelName };
  }
}

import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import type { BackgroundRemover, TBackgroundRemovalRequest } from '../interfaces/background-remover.js';
import { encodeAs } from '../sharp/encode.js';
import { temporaryPathBeside, writeFileAtomically } from '../sharp/output-file.js';
import { REMBG_INSTALL_HINT } from './install-hints.js';
import { requireToolOutput, runTool } from './run-tool.js';

export interface TRembgOptions {
  /** The interpreter of the rembg venv, already resolved against the app root. */
  pythonBin: string;
  /** Default `u2net`. */
  model?: string;
  timeoutMs?: number;
}

/**
 * rembg through its CLI (`python -m rembg i -m MODEL IN OUT`). rembg always writes PNG, so the cut-out is really
 * converted to the requested format: jpg is flattened onto white, webp keeps the transparency.
 */
export class RembgRemover implements BackgroundRemover {
  readonly name = 'rembg';
  private readonly options: TRembgOptions;

  constructor(options: TRembgOptions) {
    this.options = options;
  }

  async remove(request: TBackgroundRemovalRequest): Promise<void> {
    const cutout = temporaryPathBeside(request.output, '.png');
    await mkdir(dirname(cutout), { recursive: true });
    try {
      await runTool({
        tool: 'rembg',
        file: this.options.pythonBin,
        args: ['-m', 'rembg', 'i', '-m', this.options.model ?? 'u2net', request.input, cutout],
        installHint: REMBG_INSTALL_HINT,
        notInstalledOutput: /No module named '?(rembg|onnxruntime)/,
        timeoutMs: this.options.timeoutMs,
      });
      await requireToolOutput('rembg', cutout);
      await writeFileAtomically(request.output, await encodeAs(sharp(cutout), request.format).toBuffer());
    } finally {
      await rm(cutout, { force: true });
    }
  }
}

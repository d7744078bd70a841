export { RembgRemover } from './rembg-remover.js';
export type { TRembgOptions } from './rembg-remover.js';
export { RealEsrganNcnnUpscaler } from './realesrgan-ncnn-upscaler.js';
export type { TRealEsrganNcnnOptions } from './realesrgan-ncnn-upscaler.js';
export { RealEsrganPythonUpscaler } from './realesrgan-python-upscaler.js';
export type { TRealEsrganPythonOptions } from './realesrgan-python-upscaler.js';
export { REALESRGAN_NCNN_INSTALL_HINT, REALESRGAN_PYTHON_INSTALL_HINT, REMBG_INSTALL_HINT } from './install-hints.js';

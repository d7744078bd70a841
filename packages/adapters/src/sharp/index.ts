export { SharpImageAnalyzer } from './analyzer.js';
export { SharpColorCorrector } from './color-corrector.js';
export { SharpUpscaler } from './upscaler.js';

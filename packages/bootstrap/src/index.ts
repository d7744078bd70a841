export { exportBootstrapPrompt, renderBootstrapPrompt } from './export-prompt.js';
export { expectedResponseTemplate } from './expected-response.js';
export { importBootstrap } from './import.js';
export { parseJsonFromText, parseMode, resolveSettingsInput, MESSAGES as IMPORT_MESSAGES } from './parse-import.js';
export { normalizeSettings, NORMALIZE_MESSAGES } from './normalize.js';
export { previewImport } from './preview.js';
export { computeChanges, jsonEqual } from './diff.js';
export { loadSettings, loadSnapshot } from './snapshot.js';
export type * from './types.js';

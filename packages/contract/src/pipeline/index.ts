// Manifest, post-process config, layered settings and colour settings schemas.
export * from './manifest.js';
export * from './postprocess.js';
export * from './settings.js';
export * from './color.js';
export * from './run-log.js';

export * from './config/index.js';
export * from './trigger/index.js';
export * from './planning/index.js';
export * from './qa/index.js';
export * from './execution/index.js';
export * from './postprocess/index.js';
export * from './report/index.js';
export * from './service/index.js';

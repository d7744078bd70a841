export * from './config/index.js';
export * from './trigger/index.js';

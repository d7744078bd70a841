export { createApp, type TAppOptions } from './app.js';
export { startServer, SERVER_VERSION, type TRunningServer, type TStartOptions } from './server.js';
export { loadServerConfig, parseBind, isLoopback, ConfigError, DEFAULT_MAX_CONCURRENT_RUNS, type TServerConfig } from './config.js';
export { buildOpenApiDocument, OPENAPI_PATH } from './openapi.js';
export { createLogger } from './logger.js';
export { RunService, CANCEL_WAIT_MS, type TRunServiceOptions } from './runs/run-service.js';
export { INTERRUPTED_REASON } from './runs/run-launcher.js';
export { MISSING_OPENAI_KEY } from './runs/openai-key.js';

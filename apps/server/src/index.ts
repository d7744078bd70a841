export { createApp, type TAppOptions } from './app.js';
export { startServer, SERVER_VERSION, type TRunningServer, type TStartOptions } from './server.js';
export { loadServerConfig, parseBind, isLoopback, ConfigError, type TServerConfig } from './config.js';
export { buildOpenApiDocument, OPENAPI_PATH } from './openapi.js';
export { createLogger } from './logger.js';
export { unconfiguredPipelineRunner, type TPipelineRunner, type TPipelineTriggerRequest } from './pipeline-runner.js';

// Test support: a local server speaking the OpenAI images API, and real PNG fixtures.
export { startFakeOpenAIImagesServer } from './fake-openai-server.js';
export type {
  TFakeOpenAIServer,
  TFakeOpenAIServerOptions,
  TRecordedEditCall,
  TRecordedImage,
} from './fake-openai-server.js';
export type { TScriptedResponse } from './fake-openai-responses.js';
export { makeTestPng, makeTestPngWithTransparentRegion } from './test-png.js';
export type { TTestColor, TTestPngOptions, TTransparentRegion } from './test-png.js';
export { startLocalS3Server, type TLocalS3Server } from '../s3/local-s3-server.js';

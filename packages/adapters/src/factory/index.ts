// Building the adapters from configuration and the environment (CLI, server, worker share these).
export { createImageEditorFromEnv } from './image-editor-from-env.js';
export { createPostprocessTools, type TPostprocessToolset } from './postprocess-tools.js';

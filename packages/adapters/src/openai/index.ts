export { OpenAIImageEditor } from './openai-image-editor.js';
export type { TOpenAIImageEditorOptions } from './openai-image-editor.js';
export { imageMimeType } from './image-mime-type.js';
export { parseRetryAfterMs } from './retry-after.js';

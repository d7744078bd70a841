import type { ImageEditor } from '../interfaces/image-editor.js';
import { OpenAIImageEditor } from '../openai/openai-image-editor.js';

/** The OpenAI editor for the key in `env[keyVar]` (and `OPENAI_BASE_URL`), or undefined when the key is unset. */
export function createImageEditorFromEnv(env: NodeJS.ProcessEnv, keyVar = 'OPENAI_API_KEY'): ImageEditor | undefined {
  const apiKey = env[keyVar]?.trim();
  if (!apiKey) return undefined;
  return new OpenAIImageEditor({ apiKey, baseURL: env.OPENAI_BASE_URL?.trim() || undefined });
}

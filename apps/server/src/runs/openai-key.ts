import { validationError } from '@kroma/contract';
import { readSecretValue, type KromaStore } from '@kroma/db';

export const MISSING_OPENAI_KEY =
  'Pipeline command failed: OPENAI_API_KEY is not set and the project has no openai/api_key secret';

/** The project's `openai`/`api_key` secret, else `OPENAI_API_KEY` of the server's environment; 400 when neither. */
export async function requireOpenAIKey(store: KromaStore, projectId: string, env: NodeJS.ProcessEnv): Promise<string> {
  const fromSecret = await readSecretValue(store, projectId, 'openai', 'api_key');
  const key = fromSecret ?? env.OPENAI_API_KEY?.trim();
  if (!key) throw validationError(MISSING_OPENAI_KEY);
  return key;
}

/** Error text that may reach a client or the log, with the key cut out (some providers echo it back). */
export function withoutSecret(message: string, secret: string | undefined): string {
  return secret ? message.split(secret).join('[redacted]') : message;
}

import { readSecretValue, type KromaStore } from '@kroma/db';

/** Where instructions are dispatched, and the bearer token to send (never shown to a client or a log). */
export interface TAgentTarget {
  url?: string;
  token?: string;
}

export const AGENT_API_PROVIDER = 'agent_api';

const present = (value: string | undefined): string | undefined => {
  const text = value?.trim();
  return text ? text : undefined;
};

/** A secret that cannot be read (e.g. encrypted with a key this server lacks) counts as missing, as in the original worker. */
async function secretOrNothing(store: KromaStore, projectId: string, name: string): Promise<string | undefined> {
  try {
    return await readSecretValue(store, projectId, AGENT_API_PROVIDER, name);
  } catch {
    return undefined;
  }
}

/**
 * data.md §3.8: the server's `IAT_AGENT_API_URL` / `IAT_AGENT_API_TOKEN`, else the project's `agent_api` secrets
 * `url` / `token`. URL and token resolve independently; blank counts as missing.
 */
export async function resolveAgentTarget(store: KromaStore, env: NodeJS.ProcessEnv, projectId: string): Promise<TAgentTarget> {
  const url = present(env.IAT_AGENT_API_URL) ?? (await secretOrNothing(store, projectId, 'url'));
  const token = present(env.IAT_AGENT_API_TOKEN) ?? (await secretOrNothing(store, projectId, 'token'));
  return { url, token };
}

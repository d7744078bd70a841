import { createKromaClient, type TServerTarget } from './http-client.js';
import { HttpProjectAccess } from './http-projects.js';
import { HttpInstructionSource } from './http-source.js';
import type { TWorkerBackend } from './types.js';

/** A worker talking to a Kroma server; `appRoot` is this machine's (settings, run logs of local pipeline runs). */
export function openHttpBackend(server: TServerTarget, appRoot: string, env: NodeJS.ProcessEnv): TWorkerBackend {
  const client = createKromaClient(server);
  return {
    source: new HttpInstructionSource(client, server),
    projects: new HttpProjectAccess(client, server, env),
    appRoot,
    describe: server.url,
    close: async () => undefined,
  };
}

import { c } from './builder.js';
import { commonErrorResponses } from './common.js';
import { agentInstructionsContract } from './domains/agent-instructions.js';
import { agentWorkerContract } from './domains/agent-worker.js';
import { analyticsContract } from './domains/analytics.js';
import { assetLinksContract } from './domains/asset-links.js';
import { assetsContract } from './domains/assets.js';
import { authContract } from './domains/auth.js';
import { bootstrapContract } from './domains/bootstrap.js';
import { charactersContract } from './domains/characters.js';
import { chatContract } from './domains/chat.js';
import { exportsContract } from './domains/exports.js';
import { healthContract } from './domains/health.js';
import { projectsContract } from './domains/projects.js';
import { promptTemplatesContract } from './domains/prompt-templates.js';
import { providerAccountsContract } from './domains/provider-accounts.js';
import { referenceSetsContract } from './domains/reference-sets.js';
import { runsContract } from './domains/runs.js';
import { secretsContract } from './domains/secrets.js';
import { storageContract } from './domains/storage.js';
import { styleGuidesContract } from './domains/style-guides.js';

/** The whole API: one router per domain. Every route also answers the shared error envelope. */
export const kromaContract = c.router(
  {
    health: healthContract,
    auth: authContract,
    projects: projectsContract,
    bootstrap: bootstrapContract,
    storage: storageContract,
    runs: runsContract,
    assets: assetsContract,
    assetLinks: assetLinksContract,
    analytics: analyticsContract,
    exports: exportsContract,
    promptTemplates: promptTemplatesContract,
    providerAccounts: providerAccountsContract,
    styleGuides: styleGuidesContract,
    characters: charactersContract,
    referenceSets: referenceSetsContract,
    chat: chatContract,
    agentInstructions: agentInstructionsContract,
    agentWorker: agentWorkerContract,
    secrets: secretsContract,
  },
  { commonResponses: commonErrorResponses },
);
export type TKromaContract = typeof kromaContract;

export interface TRouteInfo {
  domain: string;
  name: string;
  method: string;
  path: string;
}

/** Every operation of the contract as (method, path), e.g. for drift checks and the `route_count` of /health. */
export function listContractRoutes(): TRouteInfo[] {
  const routes: TRouteInfo[] = [];
  for (const [domain, router] of Object.entries(kromaContract)) {
    for (const [name, route] of Object.entries(router as Record<string, { method: string; path: string }>)) {
      routes.push({ domain, name, method: route.method, path: route.path });
    }
  }
  return routes;
}

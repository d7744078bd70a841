import { kromaContract, type TKromaContract } from '@kroma/contract';
import { bootstrapRoutes } from './bootstrap.js';
import { runsRoutes } from './runs.js';
import { assetsRoutes } from './assets.js';
import { assetLinksRoutes } from './asset-links.js';
import { analyticsRoutes } from './analytics.js';
import { exportsRoutes } from './exports.js';
import { promptTemplatesRoutes } from './prompt-templates.js';
import { providerAccountsRoutes } from './provider-accounts.js';
import { styleGuidesRoutes } from './style-guides.js';
import { charactersRoutes } from './characters.js';
import { referenceSetsRoutes } from './reference-sets.js';
import { chatRoutes } from './chat.js';
import { agentInstructionsRoutes } from './agent-instructions.js';
import { agentWorkerRoutes } from './agent-worker.js';
import { secretsRoutes } from './secrets.js';
import { authRoutes } from './auth.js';
import { s, type TServerDeps } from './deps.js';
import { healthRoutes } from './health.js';
import { projectsRoutes } from './projects.js';
import { storageRoutes } from './storage.js';

/** One implementation per domain router of the contract. */
/** ts-rest's implementation type for the whole contract (spelled out: too large for TypeScript to infer into a .d.ts). */
type TKromaRoutes = ReturnType<typeof s.router<TKromaContract>>;

export const createRoutes = (deps: TServerDeps): TKromaRoutes =>
  s.router(kromaContract, {
    health: healthRoutes(deps),
    auth: authRoutes(deps),
    projects: projectsRoutes(deps),
    storage: storageRoutes(deps),
    bootstrap: bootstrapRoutes(deps),
    runs: runsRoutes(deps),
    assets: assetsRoutes(deps),
    assetLinks: assetLinksRoutes(deps),
    analytics: analyticsRoutes(deps),
    exports: exportsRoutes(deps),
    promptTemplates: promptTemplatesRoutes(deps),
    providerAccounts: providerAccountsRoutes(deps),
    styleGuides: styleGuidesRoutes(deps),
    characters: charactersRoutes(deps),
    referenceSets: referenceSetsRoutes(deps),
    chat: chatRoutes(deps),
    agentInstructions: agentInstructionsRoutes(deps),
    agentWorker: agentWorkerRoutes(deps),
    secrets: secretsRoutes(deps),
  });

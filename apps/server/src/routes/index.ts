import { kromaContract } from '@kroma/contract';
import { authRoutes } from './auth.js';
import { s, type TServerDeps } from './deps.js';
import { healthRoutes } from './health.js';
import { notImplementedRoutes } from './not-implemented.js';
import { projectsRoutes } from './projects.js';
import { storageRoutes } from './storage.js';

/** One implementation per domain router of the contract. */
export const createRoutes = (deps: TServerDeps) =>
  s.router(kromaContract, {
    health: healthRoutes(deps),
    auth: authRoutes(deps),
    projects: projectsRoutes(deps),
    storage: storageRoutes(deps),
    bootstrap: notImplementedRoutes(kromaContract.bootstrap),
    runs: notImplementedRoutes(kromaContract.runs),
    assets: notImplementedRoutes(kromaContract.assets),
    assetLinks: notImplementedRoutes(kromaContract.assetLinks),
    analytics: notImplementedRoutes(kromaContract.analytics),
    exports: notImplementedRoutes(kromaContract.exports),
    promptTemplates: notImplementedRoutes(kromaContract.promptTemplates),
    providerAccounts: notImplementedRoutes(kromaContract.providerAccounts),
    styleGuides: notImplementedRoutes(kromaContract.styleGuides),
    characters: notImplementedRoutes(kromaContract.characters),
    referenceSets: notImplementedRoutes(kromaContract.referenceSets),
    chat: notImplementedRoutes(kromaContract.chat),
    agentInstructions: notImplementedRoutes(kromaContract.agentInstructions),
    secrets: notImplementedRoutes(kromaContract.secrets),
  });

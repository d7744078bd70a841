import { kromaContract } from '@kroma/contract';
import type { TServerDeps } from './deps.js';
import { notImplementedRoutes } from './not-implemented.js';

export const styleGuidesRoutes = (_deps: TServerDeps) => notImplementedRoutes(kromaContract.styleGuides);

import { resolve } from 'node:path';
import { kromaContract, validationError, type TValidateConfigBody } from '@kroma/contract';
import { getProjectStorage, nonBlank } from '@kroma/db';
import { PROJECT_ROOT_MANAGED, validatePipelineConfig } from '@kroma/pipeline';
import type { AppRouteImplementation } from '@ts-rest/express';
import { ok } from '../http/respond.js';
import type { TServerDeps } from './deps.js';

/** The project root always comes from storage; a client may only echo it back (resolved against the app root). */
function managedProjectRoot(appRoot: string, storageRoot: string, requested: string | null | undefined): string {
  const given = nonBlank(requested);
  if (given === undefined || resolve(appRoot, given) === storageRoot) return storageRoot;
  throw validationError(PROJECT_ROOT_MANAGED);
}

async function validateProjectConfig({ store }: TServerDeps, slug: string, body: TValidateConfigBody) {
  const { storage } = await getProjectStorage(store, slug);
  return validatePipelineConfig({
    appRoot: store.appRoot,
    projectRoot: managedProjectRoot(store.appRoot, storage.local.project_root, body.project_root),
    appSettingsPath: nonBlank(body.app_settings_path),
    projectSettingsPath: nonBlank(body.project_settings_path),
    manifestPath: nonBlank(body.manifest_path),
    postprocessConfigPath: nonBlank(body.postprocess_config_path),
  });
}

/** `POST …/runs/validate-config`, kept apart from the other run routes. Project lookup (404) comes first. */
export const validateConfigHandler =
  (deps: TServerDeps): AppRouteImplementation<typeof kromaContract.runs.validateConfig> =>
  async ({ params, body }) =>
    ok({ summary: await validateProjectConfig(deps, params.slug, body) });

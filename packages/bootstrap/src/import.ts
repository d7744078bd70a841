import {
  BOOTSTRAP_SCHEMA_VERSION,
  nowTimestamp,
  type TBootstrapImportBody,
  type TBootstrapImportResult,
} from '@kroma/contract';
import { requireProject, type KromaStore } from '@kroma/db';
import { applyImport } from './apply.js';
import { computeChanges } from './diff.js';
import { normalizeSettings } from './normalize.js';
import { parseMode, resolveSettingsInput } from './parse-import.js';
import { previewImport } from './preview.js';
import { loadSnapshot } from './snapshot.js';
import type { TNormalizedSettings } from './types.js';

const appliedCounts = (input: TNormalizedSettings): TBootstrapImportResult['applied'] => ({
  provider_accounts: input.provider_accounts.length,
  style_guides: input.style_guides.length,
  characters: input.characters.length,
  reference_sets: input.reference_sets.length,
  secrets: input.secrets.length,
  prompt_templates: input.prompt_templates.length,
});

/**
 * `POST /api/projects/{slug}/bootstrap-import`. Every 400 comes before the project lookup (404): the settings
 * source, then the mode (the request's `mode` beats the LLM wrapper's), then each section. A dry run only reads;
 * a real one writes everything in one transaction and answers with the settings re-read from it.
 */
export async function importBootstrap(
  store: KromaStore,
  slug: string,
  body: TBootstrapImportBody,
): Promise<TBootstrapImportResult> {
  const { settings: rawSettings, wrapperMode } = resolveSettingsInput(body);
  const mode = parseMode(body.mode ?? wrapperMode);
  const input = normalizeSettings(rawSettings);
  const dryRun = body.dry_run ?? false;
  const now = nowTimestamp();
  const result: Pick<TBootstrapImportResult, 'schema_version' | 'mode' | 'dry_run' | 'applied'> = {
    schema_version: BOOTSTRAP_SCHEMA_VERSION,
    mode,
    dry_run: dryRun,
    applied: appliedCounts(input),
  };

  if (dryRun) {
    const before = await loadSnapshot(store.db, await requireProject(store.db, slug));
    const preview = previewImport(before, input, mode, now);
    return {
      ...result,
      project_updated: preview.projectUpdated,
      changes: computeChanges(before, preview, input, mode, preview.projectUpdated),
      project: preview.project,
      settings: preview.settings,
    };
  }

  return store.db.transaction().execute(async (trx) => {
    const project = await requireProject(trx, slug);
    const before = await loadSnapshot(trx, project);
    const projectUpdated = await applyImport(
      { db: trx, project, input, mode, now, keyRef: store.keyring.keyRef },
      before,
    );
    const after = await loadSnapshot(trx, await requireProject(trx, slug));
    return {
      ...result,
      project_updated: projectUpdated,
      changes: computeChanges(before, after, input, mode, projectUpdated),
      project: after.project,
      settings: after.settings,
    };
  });
}

import type { TRunLog, TS3SyncResult, TSyncS3Body } from '@kroma/contract';
import { getProjectStorage, ingestRunLog, loadCharacterCards, loadTriggerTarget, readSecretValue, type KromaStore } from '@kroma/db';
import { syncProjectDirect } from './s3-sync.js';
import type { TPipelineProject, TProjectAccess } from './types.js';

/** Project work straight on the database: cards and the OpenAI key from the project, ingest into the store. */
export class DirectProjectAccess implements TProjectAccess {
  constructor(
    private readonly store: KromaStore,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  pipelineProject(slug: string): Promise<TPipelineProject> {
    return this.loadPipelineProject(slug);
  }

  private async loadPipelineProject(slug: string): Promise<TPipelineProject> {
    const target = await loadTriggerTarget(this.store, slug);
    const notes: string[] = [];
    const characterCards = await loadCharacterCards(this.store, target.projectSlug, {
      projectRoot: target.projectRoot,
      warn: (message) => notes.push(message),
    });
    const apiKey = (await readSecretValue(this.store, target.projectId, 'openai', 'api_key')) ?? this.env.OPENAI_API_KEY?.trim();
    return { target, characterCards, notes, ...(apiKey ? { apiKey } : {}) };
  }

  async projectRoot(slug: string): Promise<string> {
    return (await getProjectStorage(this.store, slug)).storage.local.project_root;
  }

  ingest(slug: string, runLogPath: string, log: TRunLog) {
    return ingestRunLog(this.store, { runLogPath, log, projectSlug: slug, createProjectIfMissing: false });
  }

  syncS3(slug: string, body: TSyncS3Body, signal: AbortSignal): Promise<TS3SyncResult> {
    return syncProjectDirect(this.store, slug, body, signal);
  }
}

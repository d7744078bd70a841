import type { TRunLog, TS3SyncResult, TSyncS3Body } from '@kroma/contract';
import { callServer, okBody, type TKromaClient, type TServerTarget } from './http-client.js';
import type { TPipelineProject, TProjectAccess } from './types.js';

/** Why an HTTP-mode run plans without the project's characters: no route hands out cards with their image paths. */
export const NO_CARDS_NOTE = 'character cards are not loaded over HTTP; jobs are planned without them (run the worker with --db for cards)';

/** Project work through the server: storage for the root, the ingest route, the S3 sync route. */
export class HttpProjectAccess implements TProjectAccess {
  constructor(
    private readonly client: TKromaClient,
    private readonly server: TServerTarget,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  private async storage(slug: string) {
    return okBody(await callServer(this.server, () => this.client.storage.getStorage({ params: { slug } })));
  }

  /** The project's secrets never leave the server: a paid run uses this worker's `OPENAI_API_KEY`. */
  async pipelineProject(slug: string): Promise<TPipelineProject> {
    const { project, storage } = await this.storage(slug);
    const apiKey = this.env.OPENAI_API_KEY?.trim();
    return {
      target: { projectSlug: project.slug, projectId: project.id, projectRoot: storage.local.project_root },
      characterCards: [],
      notes: [NO_CARDS_NOTE],
      ...(apiKey ? { apiKey } : {}),
    };
  }

  async projectRoot(slug: string): Promise<string> {
    return (await this.storage(slug)).storage.local.project_root;
  }

  /** The log travels inline, so the server need not read this machine's files. */
  async ingest(slug: string, runLogPath: string, log: TRunLog) {
    const body = okBody(
      await callServer(this.server, () =>
        this.client.runs.ingestRun({ params: { slug }, body: { run_log_path: runLogPath, run_log: log as never, compute_hashes: true } }),
      ),
    );
    return body.ingest;
  }

  async syncS3(slug: string, body: TSyncS3Body, signal: AbortSignal): Promise<TS3SyncResult> {
    return okBody(
      await callServer(this.server, () => this.client.storage.syncS3({ params: { slug }, body, fetchOptions: { signal } }), signal),
    );
  }
}

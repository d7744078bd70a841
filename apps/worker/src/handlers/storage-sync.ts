import type { TSyncS3Body } from '@kroma/contract';
import type { TWorkContext, TWorkResult } from './types.js';

const flag = (value: unknown): boolean => value === true;

/** `storage_sync`: mirror the project folder to its S3 destination (payload: dry_run, delete, allow_missing_local). */
export async function runStorageSync(context: TWorkContext): Promise<TWorkResult> {
  const payload = context.claimed.instruction.payload_json;
  const body: TSyncS3Body = {
    dry_run: flag(payload.dry_run),
    delete: flag(payload.delete),
    allow_missing_local: flag(payload.allow_missing_local),
  };
  const result = await context.backend.projects.syncS3(context.claimed.projectSlug, body, context.signal);
  return { outcome: 'done', response: result };
}

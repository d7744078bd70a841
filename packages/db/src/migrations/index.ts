import type { Migration } from 'kysely';
import { migration0001Core } from './0001_core.js';
import { migration0002RunsAssets } from './0002_runs_assets.js';
import { migration0003Creative } from './0003_creative.js';
import { migration0004ChatAgent } from './0004_chat_agent.js';
import { migration0005Secrets } from './0005_secrets.js';
import { migration0006QueryIndexes } from './0006_query_indexes.js';
import { migration0007RunJobOrder } from './0007_run_job_order.js';
import { migration0008RunProgress } from './0008_run_progress.js';
import { migration0009RunChildIndexes } from './0009_run_child_indexes.js';
import { migration0010InstructionQueue } from './0010_instruction_queue.js';
import { migration0011ProjectExports } from './0011_project_exports.js';

/** Numbered, additive only: never edit a shipped migration, add the next number. */
export const migrations: Record<string, Migration> = {
  '0001_core': migration0001Core,
  '0002_runs_assets': migration0002RunsAssets,
  '0003_creative': migration0003Creative,
  '0004_chat_agent': migration0004ChatAgent,
  '0005_secrets': migration0005Secrets,
  '0006_query_indexes': migration0006QueryIndexes,
  '0007_run_job_order': migration0007RunJobOrder,
  '0008_run_progress': migration0008RunProgress,
  '0009_run_child_indexes': migration0009RunChildIndexes,
  '0010_instruction_queue': migration0010InstructionQueue,
  '0011_project_exports': migration0011ProjectExports,
};

export const LATEST_MIGRATION = Object.keys(migrations).at(-1) as string;

import { formatTimestamp } from '@kroma/contract';
import { sql, type ExpressionBuilder } from 'kysely';
import type { KromaDatabase } from '../schema/database.js';
import type { KromaDb, KromaStore } from '../store.js';
import { compiledQuery } from '../util/compiled-query.js';
import { toAgentInstruction, type TInstructionRow } from './agent-instructions-rows.js';
import { transitionInstruction } from './agent-instructions-transition.js';
import {
  DEFAULT_MAX_LOCKED_SECONDS,
  effectiveMaxAttempts,
  requireWorkerId,
  type TClaimedInstruction,
  type TClaimOptions,
} from './instruction-queue-options.js';

/** Candidates read per claim: the first one always wins inside the write transaction; the rest are a safety net. */
const CANDIDATES = 4;

const queueRunning = (eb: ExpressionBuilder<KromaDatabase, 'agent_instructions'>) =>
  eb.not(eb.exists(eb.selectFrom('instruction_queue_state').select(sql.lit(1).as('one')).where('paused', '=', sql.lit(1))));

/** `running` rows whose worker stopped renewing its lock (or that an old version parked without one). */
const selectStaleLocks = compiledQuery((db: KromaDb, cutoff: string) =>
  db
    .selectFrom('agent_instructions')
    .selectAll()
    .where('status', '=', sql.lit('running'))
    .where((eb) => eb.or([eb('locked_at', 'is', null), eb('locked_at', '<', cutoff)]))
    .where(queueRunning),
);

/** Due `confirmed` rows of existing projects in claim order; the claim index serves the order, so the scan stops early. */
function candidatesQuery(db: KromaDb, now: string, types: readonly string[] | undefined) {
  let query = db
    .selectFrom('agent_instructions')
    .innerJoin('projects', 'projects.id', 'agent_instructions.project_id')
    .selectAll('agent_instructions')
    .select('projects.slug as project_slug')
    .where('agent_instructions.status', '=', sql.lit('confirmed'))
    .where((eb) => eb.or([eb('agent_instructions.next_attempt_at', 'is', null), eb('agent_instructions.next_attempt_at', '<=', now)]))
    .where(queueRunning);
  if (types !== undefined) query = query.where('agent_instructions.instruction_type', 'in', types);
  return query
    .orderBy('agent_instructions.priority')
    .orderBy(sql`coalesce(agent_instructions.next_attempt_at, agent_instructions.created_at)`)
    .orderBy('agent_instructions.id')
    .limit(sql.lit(CANDIDATES));
}

const selectCandidates = compiledQuery((db: KromaDb, now: string) => candidatesQuery(db, now, undefined));

/**
 * A dead worker's instruction goes back to the queue (event `reclaimed` naming it). Its attempt counts, so an
 * instruction that kills every worker that takes it ends `failed` instead of looping forever.
 */
async function reclaimStaleLock(db: KromaDb, row: TInstructionRow, options: TClaimOptions, now: string) {
  const attempts = row.attempts + 1;
  const maxAttempts = effectiveMaxAttempts(row.max_attempts, options.defaultMaxAttempts);
  const error = `lock_expired: worker ${row.locked_by ?? '(none)'} stopped renewing its lock`;
  const common = { locked_by: null, locked_at: null, attempts, max_attempts: maxAttempts, last_error: error, next_attempt_at: null };
  const details = `worker_id=${row.locked_by ?? 'none'}, locked_at=${row.locked_at ?? 'none'}, attempts=${attempts}, max_attempts=${maxAttempts}`;
  if (attempts >= maxAttempts) {
    await transitionInstruction(db, row, {
      to: 'failed',
      set: { ...common, finished_at: now },
      event: { type: 'error', message: `error=lock_expired, ${details}, next_attempt_at=none` },
      now,
    });
  } else {
    await transitionInstruction(db, row, { to: 'confirmed', set: common, event: { type: 'reclaimed', message: details }, now });
  }
}

/**
 * Atomically claims the next runnable instruction of any project (none while the queue is paused): `confirmed`
 * rows whose `next_attempt_at` has passed, and `running` rows whose lock went stale; priority ASC, then oldest.
 * Sets status `running`, `locked_by`, `locked_at`, `started_at` (first time) and writes a `started` event.
 * N workers on one database never get the same row: the whole claim is one write transaction (BEGIN IMMEDIATE),
 * and the UPDATE is guarded on the status it was read with.
 */
export async function claimNextInstruction(store: KromaStore, options: TClaimOptions): Promise<TClaimedInstruction | undefined> {
  const workerId = requireWorkerId(options.workerId);
  const nowDate = options.now ?? new Date();
  const now = formatTimestamp(nowDate);
  const maxLockedSeconds = options.maxLockedSeconds ?? DEFAULT_MAX_LOCKED_SECONDS;
  const cutoff = formatTimestamp(new Date(nowDate.getTime() - maxLockedSeconds * 1000));
  return store.db.transaction().execute(async (trx) => {
    for (const stale of await selectStaleLocks(trx, cutoff)) await reclaimStaleLock(trx, stale, options, now);
    const types = options.types?.length ? options.types : undefined;
    const candidates = types === undefined ? await selectCandidates(trx, now) : await candidatesQuery(trx, now, types).execute();
    for (const { project_slug: projectSlug, ...candidate } of candidates) {
      const claimed = await transitionInstruction(trx, candidate, {
        to: 'running',
        set: { locked_by: workerId, locked_at: now, started_at: sql<string>`coalesce(started_at, ${now})`, next_attempt_at: null },
        event: { type: 'started', message: `worker_id=${workerId}, attempt=${candidate.attempts + 1}` },
        now,
      });
      if (claimed) return { instruction: toAgentInstruction(claimed), projectSlug };
    }
    return undefined;
  });
}

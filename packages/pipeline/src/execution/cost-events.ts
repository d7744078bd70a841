import type { TImageUsage } from '@kroma/adapters';
import type { TRunLogCostEvent } from '@kroma/contract';
import { estimateRunCost } from '../planning/cost.js';
import { costFromUsage } from './usage-cost.js';

export type TCostEventType = 'image_generation' | 'bg_refine';

export interface TCallSettings {
  model: string;
  size: string;
  quality: string;
}

/** What one call is expected to cost: the run estimate for one job with one candidate. */
export const perCallEstimateUsd = (settings: TCallSettings, refineCalls = 0): number =>
  estimateRunCost({ ...settings, jobs: 1, candidates: 1, refineCalls }).total_usd;

/**
 * The cost event of a paid call (§8.3 shape). Priced from the reported `usage`; a call without usage (or a model
 * without token prices) is booked at its estimate, marked so in `meta`.
 */
export function costEvent(
  type: TCostEventType,
  settings: TCallSettings,
  jobId: string,
  candidateIndex: number,
  usage: TImageUsage | undefined,
  calls = 1,
): TRunLogCostEvent {
  const base = {
    job_id: jobId,
    candidate_index: candidateIndex,
    provider_code: 'openai',
    model_name: settings.model,
    event_type: type,
    currency: 'USD',
  };
  const priced = usage === undefined ? undefined : costFromUsage(settings.model, usage);
  if (usage !== undefined && priced !== undefined) {
    return { ...base, units: priced.units, unit_cost_usd: priced.unitCostUsd, total_cost_usd: priced.totalCostUsd, meta: { ...usage } };
  }
  // Refine calls are priced like generation calls (see `estimateRunCost`), so either kind uses the same figure.
  const perCall = estimateRunCost({ ...settings, jobs: 1, candidates: 1, refineCalls: 0 }).total_usd;
  return {
    ...base,
    units: calls,
    unit_cost_usd: perCall,
    total_cost_usd: Math.round(perCall * calls * 1e6) / 1e6,
    meta: { estimated: true, ...(usage !== undefined && { usage }) },
  };
}

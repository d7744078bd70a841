import type { Insertable } from 'kysely';
import type { CostEventTable } from '../../schema/database.js';
import { newId } from '../../util/ids.js';

type TLoose = Record<string, unknown>;

interface TCostContext {
  projectId: string;
  runId: string;
  runModel: string;
  now: string;
}

const isObject = (value: unknown): value is TLoose => value !== null && typeof value === 'object' && !Array.isArray(value);
const finiteOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
const textOf = (...values: unknown[]): string | undefined =>
  values.find((value): value is string => typeof value === 'string' && value.trim() !== '');

/** `total_cost_usd` (Kroma), `cost_usd`, or `amount_cents / 100` (original); undefined when none is given. */
function totalUsdOf(item: TLoose): number | undefined {
  if (typeof item.total_cost_usd === 'number') return finiteOr(item.total_cost_usd, 0);
  if (typeof item.cost_usd === 'number') return finiteOr(item.cost_usd, 0);
  if (typeof item.amount_cents === 'number') return finiteOr(item.amount_cents / 100, 0);
  return undefined;
}

function costRow(
  context: TCostContext,
  fields: { provider: string; eventType: string; units: number; total: number; unitCost?: unknown },
  item: TLoose,
  meta: unknown,
): Insertable<CostEventTable> {
  const unitCost = finiteOr(fields.unitCost, fields.units === 0 ? 0 : fields.total / fields.units);
  return {
    id: newId(),
    project_id: context.projectId,
    run_id: context.runId,
    job_id: typeof item.job_id === 'string' ? item.job_id : null,
    provider_code: fields.provider,
    model_name: textOf(item.model_name, item.model) ?? context.runModel,
    event_type: fields.eventType,
    units: fields.units,
    unit_cost_usd: finiteOr(unitCost, 0),
    total_cost_usd: fields.total,
    currency: textOf(item.currency) ?? 'USD',
    meta_json: JSON.stringify(meta ?? {}),
    created_at: context.now,
  };
}

/** §8.3 "Cost rows": the log's `cost_events`, plus one `generation` row, else one run total; none when unpriced. */
export function costRowsOf(log: TLoose, context: TCostContext): Insertable<CostEventTable>[] {
  const rows: Insertable<CostEventTable>[] = [];
  const events = Array.isArray(log.cost_events) ? log.cost_events.filter(isObject) : [];
  for (const item of events) {
    const units = finiteOr(item.units ?? item.quantity, 0);
    rows.push(
      costRow(
        context,
        {
          provider: textOf(item.provider_code, item.provider) ?? 'unknown',
          eventType: textOf(item.event_type, item.operation_code, item.operation) ?? 'legacy_event',
          units,
          total: totalUsdOf(item) ?? 0,
          unitCost: item.unit_cost_usd,
        },
        item,
        isObject(item.meta) ? item.meta : item,
      ),
    );
  }
  const generation = isObject(log.generation) ? log.generation : {};
  const generationTotal = totalUsdOf({ cost_usd: generation.cost_usd, amount_cents: generation.amount_cents });
  if (generationTotal !== undefined) {
    const units = finiteOr(generation.units ?? generation.images ?? generation.count, 0);
    const provider = textOf(generation.provider_code, generation.provider) ?? 'openai';
    rows.push(costRow(context, { provider, eventType: 'image_generation', units, total: generationTotal }, generation, generation));
  }
  const runTotal = totalUsdOf({ cost_usd: log.cost_usd, amount_cents: log.amount_cents });
  if (rows.length === 0 && runTotal !== undefined) {
    rows.push(costRow(context, { provider: 'unknown', eventType: 'run_total', units: 1, total: runTotal }, {}, { scope: 'run' }));
  }
  return rows;
}

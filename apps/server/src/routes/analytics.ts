import { kromaContract } from '@kroma/contract';
import { costSummary, listCostEvents, listQualityReports } from '@kroma/db';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

/** A blank `run_id` means every run. */
const runFilter = (runId: string | undefined): string | undefined => runId?.trim() || undefined;

export const analyticsRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.analytics, {
    listQualityReports: async ({ params, query }) => {
      const reports = await listQualityReports(store, params.slug, query.limit, runFilter(query.run_id));
      return ok({ count: reports.length, quality_reports: reports });
    },
    listCostEvents: async ({ params, query }) => {
      const events = await listCostEvents(store, params.slug, query.limit, runFilter(query.run_id));
      return ok({ count: events.length, cost_events: events });
    },
    costSummary: async ({ params }) => ok({ cost_summary: await costSummary(store, params.slug) }),
  });

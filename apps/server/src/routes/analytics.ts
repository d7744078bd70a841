import { kromaContract } from '@kroma/contract';
import { listCostEvents, listQualityReports } from '@kroma/db';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const analyticsRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.analytics, {
    listQualityReports: async ({ params, query }) => {
      const reports = await listQualityReports(store, params.slug, query.limit);
      return ok({ count: reports.length, quality_reports: reports });
    },
    listCostEvents: async ({ params, query }) => {
      const events = await listCostEvents(store, params.slug, query.limit);
      return ok({ count: events.length, cost_events: events });
    },
  });

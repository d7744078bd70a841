import { z } from 'zod';
import { c } from '../builder.js';

export const ZHealthSchema = z.object({
  ok: z.literal(true),
  status: z.literal('ok'),
  service: z.literal('kroma-backend-core'),
  version: z.string(),
  started_unix_ms: z.number().int(),
  route_count: z.number().int(),
});
export type THealth = z.infer<typeof ZHealthSchema>;

export const healthContract = c.router({
  health: {
    method: 'GET',
    path: '/health',
    responses: { 200: ZHealthSchema },
    summary: 'Liveness, service name and version; never needs a token',
  },
});

import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZOptionalTextSchema, ZTimestampSchema } from '../common.js';

export const ZProjectSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.string(),
  username: z.string(),
  created_at: ZTimestampSchema,
  updated_at: ZTimestampSchema,
});
export type TProjectSummary = z.infer<typeof ZProjectSummarySchema>;

export const ZProjectInfoSchema = ZProjectSummarySchema.omit({ username: true });
export type TProjectInfo = z.infer<typeof ZProjectInfoSchema>;

export const ZProjectRefSchema = z.object({ id: z.string(), slug: z.string(), name: z.string() });
export type TProjectRef = z.infer<typeof ZProjectRefSchema>;

export const ZProjectCountsSchema = z.object({ runs: z.number().int(), jobs: z.number().int(), assets: z.number().int() });
export type TProjectCounts = z.infer<typeof ZProjectCountsSchema>;

export const ZStorageSchema = z.object({
  local: z.object({ base_dir: z.string(), project_root: z.string().describe('absolute, resolved') }),
  s3: z.object({
    enabled: z.boolean(),
    bucket: z.string(),
    prefix: z.string(),
    region: z.string(),
    profile: z.string(),
    endpoint_url: z.string(),
  }),
});
export type TStorage = z.infer<typeof ZStorageSchema>;

export const ZUpsertProjectBodySchema = z.object({
  name: ZOptionalTextSchema,
  slug: ZOptionalTextSchema,
  description: ZOptionalTextSchema,
  username: ZOptionalTextSchema,
  user_display_name: ZOptionalTextSchema,
});
export type TUpsertProjectBody = z.infer<typeof ZUpsertProjectBodySchema>;

export const projectsContract = c.router({
  listProjects: {
    method: 'GET',
    path: '/api/projects',
    query: z.object({ username: z.string().optional() }),
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), projects: z.array(ZProjectSummarySchema) }),
    },
    summary: 'List projects, newest activity first',
  },
  upsertProject: {
    method: 'POST',
    path: '/api/projects',
    body: ZUpsertProjectBodySchema,
    responses: {
      200: z.object({ ok: z.literal(true), project: ZProjectRefSchema, storage: ZStorageSchema, audit_id: z.string() }),
    },
    summary: 'Create or update a project keyed by (owner, slug)',
  },
  getProject: {
    method: 'GET',
    path: PROJECT_PATH,
    responses: {
      200: z.object({
        ok: z.literal(true),
        project: ZProjectInfoSchema,
        counts: ZProjectCountsSchema,
        storage: ZStorageSchema,
      }),
    },
    summary: 'Project detail with counts and storage',
  },
});

import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZJsonObjectSchema, ZLimitQuerySchema, ZTimestampSchema } from '../common.js';

export const ZProjectExportSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  run_id: z.string(),
  status: z.string(),
  export_format: z.string(),
  storage_uri: z.string(),
  rel_path: z.string(),
  file_size_bytes: z.number().int(),
  checksum_sha256: z.string(),
  manifest_json: ZJsonObjectSchema,
  created_at: ZTimestampSchema,
  completed_at: ZTimestampSchema,
});
export type TProjectExport = z.infer<typeof ZProjectExportSchema>;

export const exportsContract = c.router({
  listExports: {
    method: 'GET',
    path: `${PROJECT_PATH}/exports`,
    query: ZLimitQuerySchema,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), exports: z.array(ZProjectExportSchema) }),
    },
    summary: 'Project exports, newest first',
  },
  getExport: {
    method: 'GET',
    path: `${PROJECT_PATH}/exports/:exportId`,
    responses: { 200: z.object({ ok: z.literal(true), export: ZProjectExportSchema }) },
    summary: 'One export',
  },
});

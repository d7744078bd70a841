import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZJsonObjectSchema, ZLimitQuerySchema, ZOptionalBooleanSchema, ZOptionalTextSchema, ZTimestampSchema } from '../common.js';

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
  /** The legacy (Python) shape's fields, filled for every export so both generations of clients work. */
  export_asset_id: z.string(),
  export_path: z.string(),
  format: z.string(),
  sha256: z.string(),
  export_sha256: z.string(),
  export_storage_uri: z.string(),
});
export type TProjectExport = z.infer<typeof ZProjectExportSchema>;

/** Node has no zip writer; a tarball or a plain folder covers both uses without another dependency. */
export const EXPORT_FORMATS = ['tar.gz', 'folder'] as const;
export type TExportFormat = (typeof EXPORT_FORMATS)[number];

/** `POST …/export` (the legacy clients' call). */
export const ZCreateExportBodySchema = z.object({
  include_files: ZOptionalBooleanSchema.describe('copy the project folder into the package (default true)'),
  output: ZOptionalTextSchema.describe('app-root-relative output path (default var/exports/<slug>_<stamp>.tar.gz); its suffix picks the format'),
  format: ZOptionalTextSchema.describe(EXPORT_FORMATS.join(' | ') + ' (when output is not given)'),
});
export type TCreateExportBody = z.infer<typeof ZCreateExportBodySchema>;

export const exportsContract = c.router({
  listExports: {
    method: 'GET',
    path: `${PROJECT_PATH}/exports`,
    query: ZLimitQuerySchema,
    responses: {
      200: z.object({
        ok: z.literal(true),
        count: z.number().int(),
        exports: z.array(ZProjectExportSchema),
        project_exports: z.array(ZProjectExportSchema).describe('the same list under the legacy key'),
      }),
    },
    summary: 'Project exports, newest first',
  },
  createExport: {
    method: 'POST',
    path: `${PROJECT_PATH}/export`,
    body: ZCreateExportBodySchema,
    responses: {
      200: z.object({
        ok: z.literal(true),
        project_slug: z.string(),
        export_path: z.string().describe('absolute'),
        export_sha256: z.string().nullable(),
        export_asset_id: z.string(),
        export: ZProjectExportSchema,
      }),
    },
    summary: 'Export the project (metadata, run logs, finals, SHA-256 manifest) as tar.gz or a folder',
  },
  getExport: {
    method: 'GET',
    path: `${PROJECT_PATH}/exports/:exportId`,
    responses: { 200: z.object({ ok: z.literal(true), export: ZProjectExportSchema, project_export: ZProjectExportSchema }) },
    summary: 'One export',
  },
});

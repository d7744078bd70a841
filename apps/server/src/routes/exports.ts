import { exportProject } from '@kroma/bootstrap';
import { kromaContract } from '@kroma/contract';
import { getExport, listExports } from '@kroma/db';
import { requestAuth } from '../http/auth.js';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

/**
 * Both generations of clients: the Rust shape under `exports` / `export`, the legacy one under `project_exports` /
 * `project_export` (each record carries both sets of fields, `export_asset_id` included).
 */
export const exportsRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.exports, {
    listExports: async ({ params, query }) => {
      const exports = await listExports(store, params.slug, query.limit);
      return ok({ count: exports.length, exports, project_exports: exports });
    },
    createExport: async ({ params, body, req }) => {
      const result = await exportProject(store, params.slug, {
        includeFiles: body.include_files,
        output: body.output,
        format: body.format,
        actor: requestAuth(req).actor,
      });
      return ok({
        project_slug: result.project_slug,
        export_path: result.export_path,
        export_sha256: result.export_sha256,
        export_asset_id: result.export_asset_id,
        export: result.export,
      });
    },
    getExport: async ({ params }) => {
      const record = await getExport(store, params.slug, params.exportId);
      return ok({ export: record, project_export: record });
    },
  });

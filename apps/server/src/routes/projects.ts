import { kromaContract } from '@kroma/contract';
import { getProjectDetail, listProjects, upsertProject } from '@kroma/db';
import { requestAuth } from '../http/auth.js';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const projectsRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.projects, {
    listProjects: async ({ query }) => {
      const projects = await listProjects(store, query);
      return ok({ count: projects.length, projects });
    },
    upsertProject: async ({ body, req }) => {
      const { project, storage, auditId } = await upsertProject(store, requestAuth(req).actor, body);
      return ok({ project, storage, audit_id: auditId });
    },
    getProject: async ({ params }) => ok(await getProjectDetail(store, params.slug)),
  });

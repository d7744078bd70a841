import { kromaContract } from '@kroma/contract';
import { createChatMessage, createChatSession, getChatSession, listChatMessages, listChatSessions } from '@kroma/db';
import { ok } from '../http/respond.js';
import { s, type TServerDeps } from './deps.js';

export const chatRoutes = ({ store }: TServerDeps) =>
  s.router(kromaContract.chat, {
    listChatSessions: async ({ params }) => {
      const sessions = await listChatSessions(store, params.slug);
      return ok({ count: sessions.length, sessions });
    },
    createChatSession: async ({ params, body }) => ok({ session: await createChatSession(store, params.slug, body) }),
    getChatSession: async ({ params }) => ok({ session: await getChatSession(store, params.slug, params.sessionId) }),
    listChatMessages: async ({ params }) => {
      const messages = await listChatMessages(store, params.slug, params.sessionId);
      return ok({ session_id: params.sessionId, count: messages.length, messages });
    },
    createChatMessage: async ({ params, body }) =>
      ok({ message: await createChatMessage(store, params.slug, params.sessionId, body) }),
  });

import { z } from 'zod';
import { c } from '../builder.js';
import { PROJECT_PATH, ZOptionalTextSchema, ZTimestampSchema } from '../common.js';

export const CHAT_ROLES = ['user', 'assistant', 'system', 'tool'] as const;

export const ZChatSessionSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  title: z.string(),
  status: z.string(),
  created_at: ZTimestampSchema,
  updated_at: ZTimestampSchema,
});
export type TChatSession = z.infer<typeof ZChatSessionSchema>;

export const ZChatMessageSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  session_id: z.string(),
  role: z.string(),
  content: z.string(),
  created_at: ZTimestampSchema,
});
export type TChatMessage = z.infer<typeof ZChatMessageSchema>;

export const ZCreateChatSessionBodySchema = z.object({ title: ZOptionalTextSchema });
export type TCreateChatSessionBody = z.infer<typeof ZCreateChatSessionBodySchema>;

/** `content` is the original server's field; `content_text` is what its OpenAPI file documented. Both work. */
export const ZCreateChatMessageBodySchema = z.object({
  role: ZOptionalTextSchema.describe(CHAT_ROLES.join(' | ')),
  content: ZOptionalTextSchema,
  content_text: ZOptionalTextSchema.describe('alias of content'),
});
export type TCreateChatMessageBody = z.infer<typeof ZCreateChatMessageBodySchema>;

const SESSION_PATH = `${PROJECT_PATH}/chat/sessions/:sessionId`;
const ZSessionSchema = z.object({ ok: z.literal(true), session: ZChatSessionSchema });

export const chatContract = c.router({
  listChatSessions: {
    method: 'GET',
    path: `${PROJECT_PATH}/chat/sessions`,
    responses: {
      200: z.object({ ok: z.literal(true), count: z.number().int(), sessions: z.array(ZChatSessionSchema) }),
    },
    summary: 'Chat sessions, recently updated first',
  },
  createChatSession: {
    method: 'POST',
    path: `${PROJECT_PATH}/chat/sessions`,
    body: ZCreateChatSessionBodySchema,
    responses: { 200: ZSessionSchema },
    summary: 'Start a chat session',
  },
  getChatSession: { method: 'GET', path: SESSION_PATH, responses: { 200: ZSessionSchema }, summary: 'One session' },
  listChatMessages: {
    method: 'GET',
    path: `${SESSION_PATH}/messages`,
    responses: {
      200: z.object({
        ok: z.literal(true),
        session_id: z.string(),
        count: z.number().int(),
        messages: z.array(ZChatMessageSchema),
      }),
    },
    summary: 'Messages, oldest first',
  },
  createChatMessage: {
    method: 'POST',
    path: `${SESSION_PATH}/messages`,
    body: ZCreateChatMessageBodySchema,
    responses: { 200: z.object({ ok: z.literal(true), message: ZChatMessageSchema }) },
    summary: 'Append a message',
  },
});

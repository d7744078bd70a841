import {
  validationError,
  ZBootstrapSettingsInputSchema,
  type TBootstrapImportBody,
  type TBootstrapSettingsInput,
} from '@kroma/contract';
import type { TImportMode } from './types.js';

export const MESSAGES = {
  missingInput: "Provide either 'settings' or 'ai_response_text'",
  blankText: "Field 'ai_response_text' must not be empty",
  unparsableJson: "Could not parse JSON from 'ai_response_text'",
  unreadableSettings: "Could not parse bootstrap JSON from 'ai_response_text'",
  badMode: "Field 'mode' must be one of: merge, replace",
} as const;

/** The settings to import, and the mode the LLM's `{mode, settings}` wrapper asked for (if any). */
export interface TResolvedInput {
  settings: TBootstrapSettingsInput;
  wrapperMode: string | undefined;
}

/** Without a closing fence line the rest of the text is kept. */
function withoutMarkdownFence(text: string): string | undefined {
  if (!text.startsWith('```')) return undefined;
  const body = text.split(/\r?\n/).slice(1);
  if (body.length > 0 && body[body.length - 1]?.trim() === '```') body.pop();
  return body.join('\n').trim();
}

/** JSON candidates in order: the whole text, the inside of a ``` fence, the first `{` to the last `}`. */
export function parseJsonFromText(text: string): unknown {
  const candidates = [text];
  const unfenced = withoutMarkdownFence(text);
  if (unfenced !== undefined) candidates.push(unfenced);
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start !== -1 && end > start) candidates.push(text.slice(start, end + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next candidate
    }
  }
  throw validationError(MESSAGES.unparsableJson);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A well-typed wrapper: a `settings` object that reads as settings, and a string `mode` if any. */
function readWrapper(value: Record<string, unknown>): TResolvedInput | undefined {
  const { mode, settings } = value;
  if (mode !== undefined && mode !== null && typeof mode !== 'string') return undefined;
  if (settings === undefined || settings === null) return undefined;
  const parsed = ZBootstrapSettingsInputSchema.safeParse(settings);
  if (!parsed.success) return undefined;
  return { settings: parsed.data, wrapperMode: typeof mode === 'string' ? mode : undefined };
}

/** `settings` wins; otherwise the LLM's raw answer is parsed (as a wrapper, else as bare settings). */
export function resolveSettingsInput(body: TBootstrapImportBody): TResolvedInput {
  if (body.settings !== undefined && body.settings !== null) return { settings: body.settings, wrapperMode: undefined };
  if (body.ai_response_text === undefined || body.ai_response_text === null)
    throw validationError(MESSAGES.missingInput);
  const text = body.ai_response_text.trim();
  if (text === '') throw validationError(MESSAGES.blankText);
  const value = parseJsonFromText(text);
  if (!isObject(value)) throw validationError(MESSAGES.unreadableSettings);
  const wrapped = readWrapper(value);
  if (wrapped) return wrapped;
  const bare = ZBootstrapSettingsInputSchema.safeParse(value);
  if (!bare.success) throw validationError(MESSAGES.unreadableSettings);
  return { settings: bare.data, wrapperMode: undefined };
}

/** Trimmed and case-insensitive; absent means merge; anything else (even "") is a 400. */
export function parseMode(raw: string | null | undefined): TImportMode {
  if (raw === undefined || raw === null) return 'merge';
  const mode = raw.trim().toLowerCase();
  if (mode === 'merge' || mode === 'replace') return mode;
  throw validationError(MESSAGES.badMode);
}

import { BOOTSTRAP_SCHEMA_VERSION, nowTimestamp, type TBootstrapExport } from '@kroma/contract';
import { requireProject, type KromaStore } from '@kroma/db';
import { expectedResponseTemplate } from './expected-response.js';
import { loadSnapshot } from './snapshot.js';
import type { TBootstrapSnapshot } from './types.js';

/** Object keys sorted at every level: the original printed `serde_json::Value`s, whose keys come out sorted. */
function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([left], [right]) =>
    left < right ? -1 : left > right ? 1 : 0,
  );
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeysDeep(inner)]));
}

const pretty = (value: unknown): string => JSON.stringify(sortKeysDeep(value), null, 2);

const RULES = [
  "- Keep provider_code lowercase (letters, numbers, '-', '_').",
  '- Omit sections you do not want to change.',
  '- Keep arrays concise and production-ready.',
  '- Never include secret values or API keys.',
  '- If you include a `secrets` section, provide metadata only (`provider_code`, `secret_name`).',
  '- `secrets` imports are merge-only for safety; omitted secrets are not deleted.',
  '- If you include `reference_sets`, each set must include an explicit `items` array (use `[]` for an empty set).',
  '- For each provided reference set, the `items` array is treated as authoritative (omitted items for that set are removed).',
];

/** The text handed to an LLM: role, output rules, the answer shape, then the project's current settings. */
export function renderBootstrapPrompt(snapshot: TBootstrapSnapshot, expectedResponse: unknown): string {
  const current = { project: snapshot.project, ...snapshot.settings };
  return [
    'You are configuring a Kroma project bootstrap profile.',
    'Return ONLY valid JSON (no markdown, no comments, no prose).',
    'Use this exact response shape:',
    pretty(expectedResponse),
    '',
    'Rules:',
    ...RULES,
    '',
    'Current project settings:',
    `${pretty(current)}\n`,
  ].join('\n');
}

/** `GET /api/projects/{slug}/bootstrap-prompt`: secrets appear as metadata only (never a value). */
export async function exportBootstrapPrompt(store: KromaStore, slug: string): Promise<TBootstrapExport> {
  const project = await requireProject(store.db, slug);
  const snapshot = await loadSnapshot(store.db, project);
  const expectedResponse = expectedResponseTemplate();
  return {
    schema_version: BOOTSTRAP_SCHEMA_VERSION,
    generated_at: nowTimestamp(),
    project: snapshot.project,
    settings: snapshot.settings,
    expected_response: expectedResponse,
    prompt: renderBootstrapPrompt(snapshot, expectedResponse),
  };
}

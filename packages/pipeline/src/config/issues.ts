import type { z } from 'zod';

/** `["generation", "candidates"]` → `generation.candidates`; `["scene_refs", 1]` → `scene_refs[1]`; `[]` → `root`. */
export function formatIssuePath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? 'root' : out;
}

/** Every issue as `<field> <message>`, joined by `; ` (the schemas phrase their messages to follow a field). */
export function describeIssues(error: z.ZodError): string {
  const lines = error.issues.map((issue) => `${formatIssuePath(issue.path)} ${issue.message}`);
  return [...new Set(lines)].join('; ');
}

export type TParsed<T> = { ok: true; value: T } | { ok: false; detail: string };

export function parseWithSchema<S extends z.ZodTypeAny>(schema: S, value: unknown): TParsed<z.output<S>> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, detail: describeIssues(result.error) };
}

/** A 200 in the flat success envelope: `{ ok: true, …keys }`. */
export function ok<T extends object>(body: T): { status: 200; body: { ok: true } & T } {
  return { status: 200, body: { ok: true, ...body } };
}

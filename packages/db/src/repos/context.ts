/** Who is acting: the token's user, or nobody when auth is bypassed. Recorded on audit events. */
export interface TActor {
  userId: string | null;
}

export const ANONYMOUS_ACTOR: TActor = { userId: null };

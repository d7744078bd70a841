import { initContract } from '@ts-rest/core';

/** The ts-rest builder; internal (its type cannot be named in declarations). */
export const c: ReturnType<typeof initContract> = initContract();

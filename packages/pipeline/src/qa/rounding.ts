/** Report values carry 4 decimals; decisions are made on the unrounded value before this. */
export const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;

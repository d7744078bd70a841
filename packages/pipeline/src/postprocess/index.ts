// Post-process chain: filled in by its slice.
export {};

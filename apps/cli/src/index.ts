// The kroma CLI: filled in by its slice.
export {};

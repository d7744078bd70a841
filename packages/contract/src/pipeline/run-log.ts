// Run-log schema: filled in by its slice.
export {};

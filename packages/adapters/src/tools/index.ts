// Filled in by its slice.
export {};

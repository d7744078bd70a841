// Bootstrap prompt export and import: filled in by its own slice.
export {};

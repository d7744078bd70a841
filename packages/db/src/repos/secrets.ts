// Repository for this domain: filled in by its own slice.
export {};

// Layered settings, manifest and post-process config validation.
export {};

// Manifest, post-process config and layered settings schemas.
export {};
